/*
 * Linux's block-device ioctls, for the device files (/dev/vda) to call.
 * arg is a user address for the ones that return a value.
 */
#include <kernel/bcache.h>
#include <kernel/block.h>
#include <kernel/cred.h>
#include <core/uaccess.h>
#include <mica/errno.h>

static int put_user_bytes(unsigned long arg, const void *v, size_t n)
{
	return copy_to_user((uptr_t)arg, v, n) ? -EFAULT : 0;
}

int block_ioctl(struct block_device *bdev, unsigned int cmd, unsigned long arg)
{
	switch (cmd) {
	case BLKGETSIZE64: {
		u64 bytes = bdev->nr_sects << SECTOR_SHIFT;

		return put_user_bytes(arg, &bytes, sizeof(bytes));
	}
	case BLKGETSIZE: {
		unsigned long sects = bdev->nr_sects;

		return put_user_bytes(arg, &sects, sizeof(sects));
	}
	case BLKSSZGET: {
		int lbs = (int)bdev->lbs;

		return put_user_bytes(arg, &lbs, sizeof(lbs));
	}
	case BLKFLSBUF:
		/* Linux: CAP_SYS_ADMIN; write back, then drop the cached blocks. */
		if (!capable_root())
			return -EACCES;
		return bcache_invalidate(bdev);
	case BLKRRPART:
		if (!capable_root())
			return -EACCES;
		if (bdev->whole != bdev)
			return -EINVAL;
		return block_rescan(bdev);
	default:
		return -ENOTTY;
	}
}
