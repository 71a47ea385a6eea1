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
	case BLKBSZGET: {
		/* Linux's initial block size: the largest power of two up to a
		 * page, from the logical block size on, that divides the size. */
		int bsize = (int)bdev->lbs;
		u64 bytes = bdev->nr_sects << SECTOR_SHIFT;

		while (bsize < 4096 && !(bytes & (u64)bsize))
			bsize <<= 1;
		return put_user_bytes(arg, &bsize, sizeof(bsize));
	}
	case BLKPBSZGET:
	case BLKIOMIN: {
		unsigned int v = bdev->lbs;

		return put_user_bytes(arg, &v, sizeof(v));
	}
	case BLKIOOPT: {
		unsigned int v = 0;	/* no optimal size reported, as virtio-blk without one */

		return put_user_bytes(arg, &v, sizeof(v));
	}
	case BLKROGET: {
		int ro = !!(bdev->flags & BLOCK_RO);

		return put_user_bytes(arg, &ro, sizeof(ro));
	}
	case BLKDISCARD: {
		u64 range[2];

		if (copy_from_user(range, (uptr_t)arg, sizeof(range)))
			return -EFAULT;
		if (!(bdev->flags & BLOCK_DISCARD))
			return -EOPNOTSUPP;
		if (bdev->flags & BLOCK_RO)
			return -EPERM;
		if ((range[0] | range[1]) & (bdev->lbs - 1))
			return -EINVAL;
		if (range[0] > (bdev->nr_sects << SECTOR_SHIFT) ||
		    range[1] > (bdev->nr_sects << SECTOR_SHIFT) - range[0])
			return -EINVAL;
		if (!range[1])
			return 0;
		return block_discard(bdev, range[0] >> SECTOR_SHIFT, range[1] >> SECTOR_SHIFT);
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
