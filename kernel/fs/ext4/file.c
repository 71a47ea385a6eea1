/*
 * ext4 regular files on the page cache: read_page maps the page's blocks
 * through the extent tree and reads them with block_rw (holes and
 * uninitialized extents read as zeros), prepare_write gives a page its
 * blocks before the copy (so ENOSPC reaches write(2)), write_page writes
 * the mapped blocks back. Truncate drops the cached pages, then the
 * blocks; fallocate allocates zeroed blocks, punches holes, zeroes ranges.
 *
 * Inline data (EXT4_INLINE_DATA_FL) is read from i_block and the
 * "system.data" xattr; writing such files is refused (EOPNOTSUPP).
 */
#include "ext4.h"
#include <kernel/cred.h>
#include <kernel/file.h>
#include <core/kmalloc.h>
#include <core/uaccess.h>
#include <core/mm.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

/* fallocate modes (Linux's include/uapi/linux/falloc.h) */
#define FALLOC_FL_KEEP_SIZE 0x01
#define FALLOC_FL_PUNCH_HOLE 0x02
#define FALLOC_FL_ZERO_RANGE 0x10

static u32 spb(struct ext4_fs *fs)
{
	return fs->g.block_size / SECTOR_SIZE;
}

/*
 * Read or write blocks first..first+count-1 of the file at buf, run by
 * run of contiguous blocks; holes are zeroed (read) or skipped (write: a
 * hole was never given blocks). map_lock is taken here.
 */
static int page_io(struct ext4_inode *ei, enum blk_op op, u64 first, u32 count, u8 *buf)
{
	struct ext4_fs *fs = ei->fs;
	u32 bs = fs->g.block_size;
	int err = 0;

	mutex_lock(&ei->map_lock);
	for (u32 i = 0; i < count && !err;) {
		u64 pblk;
		u32 run, n;

		err = ext4_map_lookup(ei, (u32)(first + i), &pblk, &run);
		if (err)
			break;
		n = MIN(run, count - i);
		if (pblk)
			err = block_rw(fs->bdev, op, pblk * spb(fs), buf + i * bs, n * bs);
		else if (op == BLK_OP_READ)
			memset(buf + i * bs, 0, (size_t)n * bs);
		i += n;
	}
	mutex_unlock(&ei->map_lock);
	return err;
}

static int ext4_read_page(struct inode *ino, u64 index, void *kaddr)
{
	struct ext4_inode *ei = EXT4_I(ino);
	struct ext4_fs *fs = ei->fs;
	u32 bs = fs->g.block_size, per = PAGE_SIZE / bs;
	u64 size = READ_ONCE(ino->size), first = index * per;
	int err = 0;

	if (ei->flags & EXT4_INLINE_DATA_FL) {
		memset(kaddr, 0, PAGE_SIZE);
		return index ? 0 : ext4_inline_read(ei, kaddr, 0, PAGE_SIZE);
	}
	if (first + per > 0xffffffffULL) {
		memset(kaddr, 0, PAGE_SIZE);
		return 0;
	}
	err = page_io(ei, BLK_OP_READ, first, per, kaddr);
	/* Bytes past the end of the file read as zeros whatever the disk holds. */
	if (!err && (index + 1) * PAGE_SIZE > size) {
		u64 keep = size > index * PAGE_SIZE ? size - index * PAGE_SIZE : 0;

		memset((u8 *)kaddr + keep, 0, PAGE_SIZE - keep);
	}
	return err;
}

static int ext4_write_page(struct inode *ino, u64 index, const void *kaddr, size_t len)
{
	struct ext4_inode *ei = EXT4_I(ino);
	struct ext4_fs *fs = ei->fs;
	u32 bs = fs->g.block_size, per = (u32)DIV_ROUND_UP(len, bs);
	u64 first = index * (PAGE_SIZE / bs);
	if (ext4_is_ro(fs))
		return -EROFS;
	return page_io(ei, BLK_OP_WRITE, first, per, (u8 *)kaddr);
}

static int ext4_prepare_write(struct inode *ino, u64 pos, size_t len)
{
	struct ext4_inode *ei = EXT4_I(ino);
	struct ext4_fs *fs = ei->fs;
	u32 bs = fs->g.block_size;
	u64 first = pos / bs, last = (pos + len - 1) / bs;
	struct ext4_handle *h;
	int retries = 0;
	u64 before, size;
	int err, e;

	if (ext4_is_ro(fs))
		return -EROFS;
	if (ei->flags & EXT4_INLINE_DATA_FL)
		return -EOPNOTSUPP;
	if (!len)
		return 0;
	if (last >= 0xffffffffULL)
		return -EFBIG;
retry:
	h = ext4_journal_start(fs, 8 + 2 * EXT4_ORPHAN_CREDITS);
	if (IS_ERR(h))
		return PTR_ERR(h);
	/* Read before the save below, which writes this size or a larger one
	 * (a concurrent write fault's prepare_write does not hold inode.lock). */
	size = READ_ONCE(ino->size);
	mutex_lock(&ei->map_lock);
	before = ei->blocks;
	err = ext4_map_alloc(h, ei, (u32)first, (u32)(last - first + 1), false);
	mutex_unlock(&ei->map_lock);
	if (ei->blocks != before) {
		/* New blocks past the size this transaction saves: on the
		 * orphan list in it, until a saved size covers them (orphan.c).
		 * Even when the allocation failed halfway: some may be there. */
		if (last + 1 > DIV_ROUND_UP(size, bs)) {
			e = ext4_orphan_add_extend(h, ei, (u32)(last + 1));
			if (!err)
				err = e;
		}
		e = ext4_inode_save(h, ei);
		if (!err)
			err = e;
		if (!e) {
			e = ext4_orphan_size_saved(h, ei, false);
			if (!err)
				err = e;
		}
		e = ext4_journal_add_inode(h, ino);
		if (!err)
			err = e;
	}
	e = ext4_journal_stop(h);
	if (err == -ENOSPC && ext4_should_retry_alloc(fs, &retries))
		goto retry;
	return err ? err : e;
}

const struct page_cache_ops ext4_pc_ops = {
	.read_page = ext4_read_page,
	.write_page = ext4_write_page,
	.prepare_write = ext4_prepare_write,
};

/* Zero the on-disk tail of the block holding byte size, so that a later
 * extension reads zeros there. */
static int zero_tail(struct ext4_inode *ei, u64 size)
{
	struct ext4_fs *fs = ei->fs;
	u32 bs = fs->g.block_size, off = (u32)(size % bs), run;
	u64 pblk;
	u8 *buf;
	int err;

	if (!off || size / bs >= 0xffffffffULL)
		return 0;
	mutex_lock(&ei->map_lock);
	err = ext4_map_lookup(ei, (u32)(size / bs), &pblk, &run);
	mutex_unlock(&ei->map_lock);
	if (err || !pblk)
		return err;
	buf = kmalloc(bs);
	if (!buf)
		return -ENOMEM;
	err = block_rw(fs->bdev, BLK_OP_READ, pblk * spb(fs), buf, bs);
	if (!err) {
		memset(buf + off, 0, bs - off);
		err = block_rw(fs->bdev, BLK_OP_WRITE, pblk * spb(fs), buf, bs);
	}
	kfree(buf);
	return err;
}

int ext4_truncate(struct inode *ino, u64 size)
{
	struct ext4_inode *ei = EXT4_I(ino);
	struct ext4_fs *fs = ei->fs;
	struct ext4_handle *h;
	bool shrink = size < ino->size;	/* filemap_truncate sets the size */
	int err, e;

	if (ext4_is_ro(fs))
		return -EROFS;
	if (!S_ISREG(ino->mode))
		return -EINVAL;
	if (ei->flags & EXT4_INLINE_DATA_FL)
		return -EOPNOTSUPP;
	if (size > (u64)fs->g.block_size << 32)
		return -EFBIG;
	if (shrink) {
		filemap_truncate(ino, size);
		err = zero_tail(ei, size);
		if (err)
			return err;
	}
	h = ext4_journal_start(fs, 16 + EXT4_ORPHAN_CREDITS);
	if (IS_ERR(h))
		return PTR_ERR(h);
	err = 0;
	if (shrink) {
		mutex_lock(&ei->map_lock);
		err = ext4_map_truncate(h, ei, (u32)DIV_ROUND_UP(size, fs->g.block_size));
		mutex_unlock(&ei->map_lock);
	}
	if (!err) {
		ino->size = size;
		inode_touch(ino, true);
		err = ext4_inode_save(h, ei);
	}
	/* Cut down: no block of an extending write is left past the size. */
	if (!err)
		err = ext4_orphan_size_saved(h, ei, shrink);
	e = ext4_journal_stop(h);
	return err ? err : e;
}

/*
 * Write zeros over bytes pos..end-1 of the file where it has blocks (holes
 * already read as zeros); whole blocks are overwritten, partial ones read,
 * changed and written back. The page cache is the caller's.
 */
static int zero_on_disk(struct ext4_inode *ei, u64 pos, u64 end)
{
	struct ext4_fs *fs = ei->fs;
	u32 bs = fs->g.block_size;
	u8 *buf = NULL;
	int err = 0;

	while (pos < end && !err) {
		u64 lblk = pos / bs, pblk, bend = (lblk + 1) * bs;
		u32 off = (u32)(pos % bs), n = (u32)(MIN(end, bend) - pos), run;

		mutex_lock(&ei->map_lock);
		err = ext4_map_lookup(ei, (u32)lblk, &pblk, &run);
		mutex_unlock(&ei->map_lock);
		if (!err && pblk && !buf) {
			buf = kmalloc(bs);
			if (!buf)
				err = -ENOMEM;
		}
		if (!err && pblk) {
			if (n < bs)
				err = block_rw(fs->bdev, BLK_OP_READ, pblk * spb(fs), buf, bs);
			else
				memset(buf, 0, bs);
			if (!err) {
				memset(buf + off, 0, n);
				err = block_rw(fs->bdev, BLK_OP_WRITE, pblk * spb(fs), buf, bs);
			}
		}
		pos += n;
	}
	kfree(buf);
	return err;
}

/* The end of a fallocate step: times touched, the inode saved (off the
 * orphan list if its size now covers its blocks), the handle stopped.
 * err, or the first error of these. */
static int save_and_stop(struct ext4_handle *h, struct ext4_inode *ei, int err)
{
	int e;

	inode_touch(&ei->vfs, true);
	e = ext4_inode_save(h, ei);
	if (!e)
		e = ext4_orphan_size_saved(h, ei, false);
	if (!err)
		err = e;
	e = ext4_journal_stop(h);
	return err ? err : e;
}

/*
 * PUNCH_HOLE|KEEP_SIZE, as Linux's ext4_punch_hole: nothing at or past
 * the end of the file; else the range (cut at the end of the file's last
 * block) reads as zeros: cached pages dropped or zeroed, partial blocks
 * zeroed on disk, whole blocks freed. The size stays.
 */
static int punch_hole(struct ext4_inode *ei, u64 off, u64 end)
{
	struct ext4_fs *fs = ei->fs;
	struct inode *ino = &ei->vfs;
	u32 bs = fs->g.block_size;
	u64 first, last;
	struct ext4_handle *h;
	int err;

	if (off >= ino->size)
		return 0;
	end = MIN(end, ALIGN_UP(ino->size, bs));
	filemap_punch_hole(ino, off, end);
	first = DIV_ROUND_UP(off, bs);
	last = end / bs;	/* exclusive */
	if (first > last) {	/* inside one block */
		err = zero_on_disk(ei, off, end);
	} else {
		err = zero_on_disk(ei, off, first * bs);
		if (!err)
			err = zero_on_disk(ei, last * bs, end);
	}
	if (err)
		return err;
	h = ext4_journal_start(fs, 16 + EXT4_ORPHAN_CREDITS);
	if (IS_ERR(h))
		return PTR_ERR(h);
	if (last > first) {
		mutex_lock(&ei->map_lock);
		err = ext4_map_punch(h, ei, (u32)first, (u32)(last - first));
		mutex_unlock(&ei->map_lock);
	}
	return save_and_stop(h, ei, err);
}

/* Give blocks first..last zeroed blocks where they have none (mode 0,
 * ZERO_RANGE); retried after a commit when freed blocks wait for one. */
static int alloc_zeroed(struct ext4_inode *ei, u64 first, u64 last, u64 new_size)
{
	struct ext4_fs *fs = ei->fs;
	struct inode *ino = &ei->vfs;
	struct ext4_handle *h;
	int retries = 0, err;

retry:
	h = ext4_journal_start(fs, 16 + EXT4_ORPHAN_CREDITS);
	if (IS_ERR(h))
		return PTR_ERR(h);
	mutex_lock(&ei->map_lock);
	err = ext4_map_alloc(h, ei, (u32)first, (u32)(last - first + 1), true);
	mutex_unlock(&ei->map_lock);
	if (!err && new_size > ino->size)
		ino->size = new_size;
	err = save_and_stop(h, ei, err);
	if (err == -ENOSPC && ext4_should_retry_alloc(fs, &retries))
		goto retry;
	return err;
}

/*
 * fallocate (inode.lock held; the VFS checked the mode combinations and
 * the range). Mode 0 and KEEP_SIZE give the range zeroed blocks (Linux
 * gives unwritten extents, which read as zeros: Mica reads those too but
 * allocates initialized ones); PUNCH_HOLE|KEEP_SIZE frees the range;
 * ZERO_RANGE (with or without KEEP_SIZE) zeros what the range has and
 * allocates zeroed blocks where it has none. COLLAPSE_RANGE, INSERT_RANGE
 * (which Linux's ext4 has), UNSHARE_RANGE and WRITE_ZEROES: EOPNOTSUPP.
 */
int ext4_fallocate(struct inode *ino, int mode, u64 off, u64 len)
{
	struct ext4_inode *ei = EXT4_I(ino);
	struct ext4_fs *fs = ei->fs;
	u32 bs = fs->g.block_size;
	u64 first, last, end = off + len;
	int err;

	if (mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE))
		return -EOPNOTSUPP;
	if ((mode & FALLOC_FL_PUNCH_HOLE) && (mode & FALLOC_FL_ZERO_RANGE))
		return -EOPNOTSUPP;
	if (ext4_is_ro(fs))
		return -EROFS;
	if (!S_ISREG(ino->mode))
		return -ENODEV;
	if (ei->flags & EXT4_INLINE_DATA_FL)
		return -EOPNOTSUPP;
	if (!(ei->flags & EXT4_EXTENTS_FL))
		return -EOPNOTSUPP;	/* block-mapped files: Linux's ext4 too */
	if (!len)
		return -EINVAL;
	first = off / bs;
	last = (end - 1) / bs;
	if (end < off || last >= 0xffffffffULL)
		return -EFBIG;
	if (mode & FALLOC_FL_PUNCH_HOLE)
		return punch_hole(ei, off, end);
	if (mode & FALLOC_FL_ZERO_RANGE) {
		filemap_punch_hole(ino, off, MIN(end, ino->size));
		err = zero_on_disk(ei, off, end);
		if (err)
			return err;
	}
	return alloc_zeroed(ei, first, last, (mode & FALLOC_FL_KEEP_SIZE) ? 0 : end);
}

#define FIBMAP 1	/* Linux's include/uapi/linux/fs.h */

/*
 * FIBMAP: the device block that holds file block *arg (0 for a hole or an
 * unwritten extent), as Linux's ioctl_fibmap and ext4_bmap: root only
 * (CAP_SYS_RAWIO), EINVAL for a negative block, ERANGE for a block number
 * an int cannot hold. Other commands: ENOTTY.
 */
static long ext4_file_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct ext4_inode *ei = EXT4_I(f->inode);
	u64 pblk = 0;
	u32 run;
	int blk, err;

	if (cmd != FIBMAP)
		return -ENOTTY;
	if (!capable_root())
		return -EPERM;
	if (get_user(blk, arg))
		return -EFAULT;
	if (blk < 0)
		return -EINVAL;
	if (!(ei->flags & EXT4_INLINE_DATA_FL)) {
		mutex_lock(&ei->map_lock);
		err = ext4_map_lookup(ei, (u32)blk, &pblk, &run);
		mutex_unlock(&ei->map_lock);
		if (err)
			return err;
	}
	if (pblk > 0x7fffffff)
		return -ERANGE;
	blk = (int)pblk;
	return put_user(blk, arg) ? -EFAULT : 0;
}

const struct file_ops ext4_file_fops = {
	.read = filemap_read,
	.write = filemap_write,
	.ioctl = ext4_file_ioctl,
};
