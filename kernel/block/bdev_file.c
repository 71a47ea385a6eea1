/*
 * Block special files: what open(2) of /dev/vda, /dev/vda1 or /dev/loop0
 * gives. Reads and writes go at any offset and length: whole logical
 * blocks are moved through a bounce buffer, and a partial block at either
 * end is read, patched and written back (read-modify-write), as Linux's
 * buffered block-device I/O does through its page cache.
 *
 * The device is found by number at open and found again whenever the one
 * held has left the registry: a loop device is registered while it has a
 * backing file, and its node opens (size 0, as on Linux) without one.
 *
 * Writes here and a mounted file system's buffer cache are not kept
 * coherent (Linux shares one cache; Mica's buffer cache is the file
 * systems'): BLKFLSBUF drops the cached blocks.
 *
 * Lock: bdev_file.lock (a spinlock) guards which device the file holds.
 */
#include <kernel/bcache.h>
#include <kernel/block.h>
#include <kernel/loop.h>
#include <kernel/vfs.h>
#include <core/kmalloc.h>
#include <core/spinlock.h>
#include <lib/string.h>
#include <mica/errno.h>

/* Bytes moved per block_rw: 16 pages, physically contiguous (kmalloc). */
#define BOUNCE_SIZE (64 * 1024)

struct bdev_file {
	spinlock_t lock;
	u32 devt;			/* [I] */
	struct block_device *bdev;	/* [lock] referenced, or NULL */
};

/* The device behind f now, referenced, or NULL (an unbound loop device). */
static struct block_device *bf_get(struct file *f)
{
	struct bdev_file *bf = f->priv;
	struct block_device *b, *old = NULL;

	spin_lock(&bf->lock);
	b = bf->bdev;
	if (b && !READ_ONCE(b->gone)) {
		block_device_get(b);
		spin_unlock(&bf->lock);
		return b;
	}
	spin_unlock(&bf->lock);
	b = block_device_by_devt(bf->devt);
	spin_lock(&bf->lock);
	old = bf->bdev;
	bf->bdev = b;
	if (b)
		block_device_get(b);
	spin_unlock(&bf->lock);
	if (old)
		block_device_put(old);
	return b;
}

static u64 bdev_bytes(struct block_device *b)
{
	return b ? b->nr_sects << SECTOR_SHIFT : 0;
}

/*
 * Move n bytes between user memory at ubuf and the device at byte pos
 * (within the device). A partial logical block is read first and, for a
 * write, patched and written back. Bytes moved, or -errno when none were.
 */
static ssize_t bdev_io(struct block_device *b, uptr_t ubuf, size_t n, u64 pos, bool write)
{
	u8 *bounce = kmalloc(BOUNCE_SIZE);
	u32 lbs = b->lbs;
	size_t done = 0;
	int err = 0;

	if (!bounce)
		return -ENOMEM;
	while (done < n) {
		u64 first = pos & ~(u64)(lbs - 1);	/* block-aligned start */
		size_t head = (size_t)(pos - first);
		size_t span = MIN((size_t)BOUNCE_SIZE, head + (n - done));
		size_t chunk, blocks;

		blocks = (span + lbs - 1) & ~(size_t)(lbs - 1);
		chunk = span - head;
		/* Read what a write leaves partly unchanged, and all for a read. */
		if (!write || head || (chunk + head) % lbs) {
			if (write && blocks > lbs) {
				/* Only the first and last blocks are partial. */
				if (head)
					err = block_rw(b, BLK_OP_READ, first >> SECTOR_SHIFT,
						       bounce, lbs);
				if (!err && (chunk + head) % lbs)
					err = block_rw(b, BLK_OP_READ,
						       (first + blocks - lbs) >> SECTOR_SHIFT,
						       bounce + blocks - lbs, lbs);
			} else {
				err = block_rw(b, BLK_OP_READ, first >> SECTOR_SHIFT, bounce,
					       (u32)blocks);
			}
			if (err)
				break;
		}
		if (write) {
			if (copy_from_user(bounce + head, ubuf + done, chunk)) {
				err = -EFAULT;
				break;
			}
			err = block_rw(b, BLK_OP_WRITE, first >> SECTOR_SHIFT, bounce, (u32)blocks);
			if (err)
				break;
		} else if (copy_to_user(ubuf + done, bounce + head, chunk)) {
			err = -EFAULT;
			break;
		}
		done += chunk;
		pos += chunk;
	}
	kfree(bounce);
	return done ? (ssize_t)done : err;
}

/*
 * O_DIRECT: Linux's rule for block devices (blkdev_dio_invalid): offset
 * and length in whole logical blocks, the buffer at the queue's DMA
 * alignment (Linux's default, 512 bytes, for virtio-blk; none for loop
 * devices). The I/O itself still goes through the bounce buffer, which
 * is not cached, so the data are the same.
 */
static bool direct_misaligned(struct file *f, struct block_device *b, uptr_t buf, size_t n,
			      u64 pos)
{
	u32 lbs = b ? b->lbs : SECTOR_SIZE;
	uptr_t dma_mask = b && MAJOR(b->devt) == LOOP_MAJOR ? 0 : SECTOR_SIZE - 1;

	return (f->flags & O_DIRECT) && (((pos | n) & (lbs - 1)) || (buf & dma_mask));
}

static ssize_t bdev_read(struct file *f, uptr_t buf, size_t n, u64 *pos)
{
	struct block_device *b = bf_get(f);
	u64 size = bdev_bytes(b);
	ssize_t ret = 0;

	/* Linux: the end first, then the length cut there, then alignment. */
	if (b && *pos < size && n) {
		n = MIN((u64)n, size - *pos);
		ret = direct_misaligned(f, b, buf, n, *pos) ? -EINVAL
							    : bdev_io(b, buf, n, *pos, false);
		if (ret > 0)
			*pos += ret;
	}
	if (b)
		block_device_put(b);
	return ret;
}

static ssize_t bdev_write(struct file *f, uptr_t buf, size_t n, u64 *pos)
{
	struct block_device *b = bf_get(f);
	u64 size = bdev_bytes(b);
	ssize_t ret;

	if (!n)
		ret = 0;
	else if (b && (b->flags & BLOCK_RO))
		ret = -EPERM;	/* Linux: a write to a read-only block device */
	else if (*pos >= size)
		ret = -ENOSPC;	/* Linux: writing at or past the end */
	else if (direct_misaligned(f, b, buf, MIN((u64)n, size - *pos), *pos))
		ret = -EINVAL;
	else {
		ret = bdev_io(b, buf, MIN((u64)n, size - *pos), *pos, true);
		if (ret > 0)
			*pos += ret;
	}
	if (b)
		block_device_put(b);
	return ret;
}

static long bdev_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct bdev_file *bf = f->priv;
	struct block_device *b;
	long ret;

	if (MAJOR(bf->devt) == LOOP_MAJOR && loop_is_ioctl(cmd))
		return loop_ioctl(MINOR(bf->devt), f, cmd, arg);
	if (cmd == BLKDISCARD && (f->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;	/* Linux: discarding needs the device open for writing */
	b = bf_get(f);
	if (!b) {
		/* An unbound loop device: an empty disk with no partitions. */
		static struct block_device empty = { .name = "loop", .lbs = SECTOR_SIZE };

		if (MAJOR(bf->devt) != LOOP_MAJOR)
			return -ENXIO;
		if (cmd == BLKRRPART || cmd == BLKFLSBUF)
			return cmd == BLKRRPART ? -EINVAL : 0;
		empty.whole = &empty;
		return block_ioctl(&empty, cmd, arg);
	}
	ret = block_ioctl(b, cmd, arg);
	block_device_put(b);
	return ret;
}

static int bdev_fsync(struct file *f, bool datasync)
{
	struct block_device *b = bf_get(f);
	int err;

	(void)datasync;
	if (!b)
		return 0;
	/* The device file writes through; what the buffer cache holds of it
	 * goes out, then the disk's write cache. */
	err = bcache_sync(b);
	if (!err && !(b->flags & BLOCK_RO))
		err = block_flush(b);
	block_device_put(b);
	return err;
}

static u64 bdev_size(struct file *f)
{
	struct block_device *b = bf_get(f);
	u64 size = bdev_bytes(b);

	if (b)
		block_device_put(b);
	return size;
}

static void bdev_release(struct file *f)
{
	struct bdev_file *bf = f->priv;

	if (bf->bdev)
		block_device_put(bf->bdev);
	if (MAJOR(bf->devt) == LOOP_MAJOR)
		loop_opened(MINOR(bf->devt), -1);
	kfree(bf);
}

static const struct file_ops bdev_file_ops = {
	.read = bdev_read,
	.write = bdev_write,
	.ioctl = bdev_ioctl,
	.fsync = bdev_fsync,
	.size = bdev_size,
	.release = bdev_release,
};

int blkdev_open(struct inode *ino, struct file *f)
{
	struct bdev_file *bf;
	struct block_device *b = block_device_by_devt(ino->rdev);

	/* A loop device exists without a backing file; others must be there. */
	if (!b && !(MAJOR(ino->rdev) == LOOP_MAJOR && loop_exists(MINOR(ino->rdev))))
		return -ENXIO;
	if (b && (b->flags & BLOCK_RO) && (f->flags & O_ACCMODE) != O_RDONLY) {
		block_device_put(b);
		return -EACCES;	/* Linux's blkdev_open on a read-only disk */
	}
	bf = kzalloc(sizeof(*bf));
	if (!bf) {
		if (b)
			block_device_put(b);
		return -ENOMEM;
	}
	spin_lock_init(&bf->lock, "bdev_file");
	bf->devt = ino->rdev;
	bf->bdev = b;
	f->priv = bf;
	f->ops = &bdev_file_ops;
	if (MAJOR(bf->devt) == LOOP_MAJOR)
		loop_opened(MINOR(bf->devt), 1);
	return 0;
}

struct block_device *blkdev_file_bdev(struct file *f)
{
	return f->ops == &bdev_file_ops ? bf_get(f) : NULL;
}
