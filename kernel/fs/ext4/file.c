/*
 * ext4 regular files on the page cache: read_page maps the page's blocks
 * through the extent tree and reads them with block_rw (holes and
 * uninitialized extents read as zeros), prepare_write gives a page its
 * blocks before the copy (so ENOSPC reaches write(2)), write_page writes
 * the mapped blocks back. Truncate drops the cached pages, then the
 * blocks; fallocate allocates zeroed blocks.
 *
 * Inline data (EXT4_INLINE_DATA_FL) is read from i_block and the
 * "system.data" xattr; writing such files is refused (EOPNOTSUPP).
 */
#include "ext4.h"
#include <core/kmalloc.h>
#include <core/mm.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

#define FALLOC_FL_KEEP_SIZE 0x01

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
	bool cut;
	int err, e;

	if (ext4_is_ro(fs))
		return -EROFS;
	if (!S_ISREG(ino->mode))
		return -EINVAL;
	if (ei->flags & EXT4_INLINE_DATA_FL)
		return -EOPNOTSUPP;
	if (size > (u64)fs->g.block_size << 32)
		return -EFBIG;
	/* Decided once: filemap_truncate sets ino->size to size. */
	cut = size < ino->size;
	if (cut) {
		filemap_truncate(ino, size);
		err = zero_tail(ei, size);
		if (err)
			return err;
	}
	h = ext4_journal_start(fs, 16 + EXT4_ORPHAN_CREDITS);
	if (IS_ERR(h))
		return PTR_ERR(h);
	err = 0;
	if (cut) {
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
		err = ext4_orphan_size_saved(h, ei, cut);
	e = ext4_journal_stop(h);
	return err ? err : e;
}

int ext4_fallocate(struct inode *ino, int mode, u64 off, u64 len)
{
	struct ext4_inode *ei = EXT4_I(ino);
	struct ext4_fs *fs = ei->fs;
	u32 bs = fs->g.block_size;
	struct ext4_handle *h;
	u64 first, last;
	int err, e;

	if (mode & ~FALLOC_FL_KEEP_SIZE)
		return -EOPNOTSUPP;
	if (ext4_is_ro(fs))
		return -EROFS;
	if (!S_ISREG(ino->mode))
		return -ENODEV;
	if (ei->flags & EXT4_INLINE_DATA_FL)
		return -EOPNOTSUPP;
	if (!len)
		return -EINVAL;
	first = off / bs;
	last = (off + len - 1) / bs;
	if (off + len < off || last >= 0xffffffffULL)
		return -EFBIG;
	h = ext4_journal_start(fs, 16 + EXT4_ORPHAN_CREDITS);
	if (IS_ERR(h))
		return PTR_ERR(h);
	mutex_lock(&ei->map_lock);
	err = ext4_map_alloc(h, ei, (u32)first, (u32)(last - first + 1), true);
	mutex_unlock(&ei->map_lock);
	if (!err && !(mode & FALLOC_FL_KEEP_SIZE) && off + len > ino->size)
		ino->size = off + len;
	inode_touch(ino, true);
	e = ext4_inode_save(h, ei);
	if (!e)
		e = ext4_orphan_size_saved(h, ei, false);
	if (!err)
		err = e;
	e = ext4_journal_stop(h);
	return err ? err : e;
}

const struct file_ops ext4_file_fops = {
	.read = filemap_read,
	.write = filemap_write,
};
