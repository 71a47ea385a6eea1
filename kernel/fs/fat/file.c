/*
 * FAT regular files through the page cache. A file's bytes are its
 * cluster chain in order; page index i maps to the clusters holding bytes
 * [i * PAGE_SIZE, (i + 1) * PAGE_SIZE). The chain cache of the inode
 * (fat_inode.ext) maps contiguous runs without walking the FAT again.
 *
 * FAT has no holes, so bytes past the end of the file must read as zeros
 * once the file grows over them. The disk keeps that true: a new cluster
 * is zeroed unless the page being written covers it whole (write_page
 * then writes the whole page, zeros past the end included), and a
 * truncate zeroes the rest of the last cluster it keeps.
 */
#include "fat.h"
#include <kernel/block.h>
#include <core/kmalloc.h>
#include <core/mm.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

/* Transfer bytes [pos, pos + len) of the file (sector-aligned, within one
 * page and within the chain) to or from buf, merging adjacent clusters. */
static int file_io(struct inode *ino, u64 pos, void *buf, u32 len, enum blk_op op)
{
	struct fat_sb *sbi = FSB(ino);
	u32 cs = sbi->g.cluster_size, done = 0, run_len = 0;
	u64 run_sector = 0;
	int err = 0;

	while (done < len) {
		u64 fpos = pos + done;
		u32 c, within = (u32)(fpos % cs), n = MIN(cs - within, len - done);
		u64 sector;

		mutex_lock(&sbi->lock);
		err = fat_bmap(sbi, FI(ino), (u32)(fpos / cs), &c);
		mutex_unlock(&sbi->lock);
		if (err)
			return err;
		if (!c) {
			fat_err(sbi, "file shorter than its size (i_pos %llu)",
				(unsigned long long)FI(ino)->i_pos);
			return -EUCLEAN;
		}
		sector = fat_cluster_sector(&sbi->g, c) * (sbi->g.sector_size / SECTOR_SIZE) +
			 within / SECTOR_SIZE;
		if (run_len && run_sector + run_len / SECTOR_SIZE != sector) {
			err = block_rw(sbi->bdev, op, run_sector, (u8 *)buf + done - run_len, run_len);
			if (err)
				return err;
			run_len = 0;
		}
		if (!run_len)
			run_sector = sector;
		run_len += n;
		done += n;
	}
	if (run_len)
		err = block_rw(sbi->bdev, op, run_sector, (u8 *)buf + done - run_len, run_len);
	return err;
}

static int fat_read_page(struct inode *ino, u64 index, void *kaddr)
{
	u64 pos = index * PAGE_SIZE, size = READ_ONCE(ino->size);
	u32 valid, len;
	int err;

	if (pos >= size) {
		memset(kaddr, 0, PAGE_SIZE);
		return 0;
	}
	valid = (u32)MIN((u64)PAGE_SIZE, size - pos);
	len = ALIGN_UP(valid, SECTOR_SIZE);
	err = file_io(ino, pos, kaddr, len, BLK_OP_READ);
	if (err)
		return err;
	memset((u8 *)kaddr + valid, 0, PAGE_SIZE - valid);
	return 0;
}

/* Bytes of page index that lie within the chain (the whole page, unless
 * the chain ends inside it). */
static u32 page_in_chain(struct inode *ino, u64 index, int *err)
{
	struct fat_sb *sbi = FSB(ino);
	u32 cs = sbi->g.cluster_size, c = 0;
	u64 pos = index * PAGE_SIZE, lo = pos / cs, hi = (pos + PAGE_SIZE - 1) / cs;

	*err = 0;
	mutex_lock(&sbi->lock);
	for (; lo <= hi; lo++) {
		*err = fat_bmap(sbi, FI(ino), (u32)lo, &c);
		if (*err || !c)
			break;
	}
	mutex_unlock(&sbi->lock);
	if (lo * cs <= pos)
		return 0;
	return (u32)MIN(lo * cs - pos, (u64)PAGE_SIZE);
}

static int fat_write_page(struct inode *ino, u64 index, const void *kaddr, size_t len)
{
	struct fat_inode *fi = FI(ino);
	void *src = (void *)kaddr, *bounce = NULL;
	u32 n;
	int err;

	if (!len)
		return 0;
	if (len < PAGE_SIZE) {
		/* The page straddles the end: what lies past it goes to disk as zeros. */
		bounce = kmalloc(PAGE_SIZE);
		if (!bounce)
			return -ENOMEM;
		memcpy(bounce, kaddr, len);
		memset((u8 *)bounce + len, 0, PAGE_SIZE - len);
		src = bounce;
	}
	mutex_lock(&fi->data_lock);
	n = page_in_chain(ino, index, &err);
	if (!err && n < len) {
		fat_err(FSB(ino), "no clusters for dirty data (i_pos %llu)",
			(unsigned long long)fi->i_pos);
		err = -EIO;
	}
	if (!err)
		err = file_io(ino, index * PAGE_SIZE, src, n, BLK_OP_WRITE);
	mutex_unlock(&fi->data_lock);
	kfree(bounce);
	return err;
}

static int fat_prepare_write(struct inode *ino, u64 pos, size_t len)
{
	struct fat_sb *sbi = FSB(ino);
	struct fat_inode *fi = FI(ino);
	u32 cs = sbi->g.cluster_size, want, c, old;
	u64 end = pos + len, page_lo = pos & ~(u64)(PAGE_SIZE - 1);
	int err;

	if (end > FAT_MAX_FILE_SIZE)
		return -EFBIG;
	if (!len)
		return 0;
	want = (u32)((end + cs - 1) / cs);
	mutex_lock(&sbi->lock);
	old = fi->start;
	err = fat_bmap(sbi, fi, want - 1, &c);
	if (!err && !c)
		err = fat_grow(sbi, fi, want, (u32)((page_lo + cs - 1) / cs),
			       (u32)((page_lo + PAGE_SIZE) / cs), false);
	mutex_unlock(&sbi->lock);
	if (fi->start != old)
		inode_mark_dirty(ino);
	return err;
}

const struct page_cache_ops fat_pc_ops = {
	.read_page = fat_read_page,
	.write_page = fat_write_page,
	.prepare_write = fat_prepare_write,
};

/* Zero the disk from size to the end of its cluster (data_lock held). */
static int zero_tail(struct inode *ino, u64 size)
{
	struct fat_sb *sbi = FSB(ino);
	u32 cs = sbi->g.cluster_size, within = (u32)(size % cs), c;
	u8 *sec;
	u64 sector;
	int err;

	if (!within)
		return 0;
	mutex_lock(&sbi->lock);
	err = fat_bmap(sbi, FI(ino), (u32)(size / cs), &c);
	mutex_unlock(&sbi->lock);
	if (err || !c)
		return err;
	sector = fat_cluster_sector(&sbi->g, c) * (sbi->g.sector_size / SECTOR_SIZE) +
		 within / SECTOR_SIZE;
	if (within % SECTOR_SIZE) {
		sec = kmalloc(SECTOR_SIZE);
		if (!sec)
			return -ENOMEM;
		err = block_rw(sbi->bdev, BLK_OP_READ, sector, sec, SECTOR_SIZE);
		if (!err) {
			memset(sec + within % SECTOR_SIZE, 0, SECTOR_SIZE - within % SECTOR_SIZE);
			err = block_rw(sbi->bdev, BLK_OP_WRITE, sector, sec, SECTOR_SIZE);
		}
		kfree(sec);
		sector++;
		within = ALIGN_UP(within, SECTOR_SIZE);
	}
	while (!err && within < cs) {
		u32 n = MIN(cs - within, (u32)PAGE_SIZE);

		err = block_rw(sbi->bdev, BLK_OP_WRITE, sector, sbi->zero, n);
		sector += n / SECTOR_SIZE;
		within += n;
	}
	return err;
}

int fat_file_truncate(struct inode *ino, u64 size)
{
	struct fat_sb *sbi = FSB(ino);
	struct fat_inode *fi = FI(ino);
	u32 cs = sbi->g.cluster_size, keep = (u32)((size + cs - 1) / cs);
	int err = 0;

	if (size > FAT_MAX_FILE_SIZE)
		return -EFBIG;
	if (size < ino->size) {
		filemap_truncate(ino, size);
		mutex_lock(&fi->data_lock);
		err = zero_tail(ino, size);
		if (!err) {
			mutex_lock(&sbi->lock);
			err = fat_shrink(sbi, fi, keep);
			mutex_unlock(&sbi->lock);
		}
		mutex_unlock(&fi->data_lock);
	} else if (size > ino->size) {
		mutex_lock(&sbi->lock);
		err = fat_grow(sbi, fi, keep, 0, 0, false);
		mutex_unlock(&sbi->lock);
	}
	if (err)
		return err;
	ino->size = size;
	inode_touch(ino, true);
	return 0;
}

const struct file_ops fat_file_fops = {
	.read = filemap_read,
	.write = filemap_write,
};
