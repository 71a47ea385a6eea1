/*
 * ext4 inode allocation: the inode bitmap of each group (made on first
 * use for an INODE_UNINIT group), the free and directory counts and the
 * count of never-used inodes at the end of the table (itable_unused) in
 * the descriptor. A file goes to its directory's group; a directory to
 * the next group (round robin) with free inodes and blocks, which
 * spreads the tree over the disk as Linux's Orlov allocator does for top
 * directories. alloc_lock serializes all of it.
 */
#include "ext4.h"
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

static int inode_bitmap(struct ext4_handle *h, struct ext4_fs *fs, u32 group, struct ext4_gd *gd,
			struct buffer_head **bhp)
{
	u32 bytes = fs->g.inodes_per_group / 8;
	struct buffer_head *bh;
	int err;

	if (gd->flags & EXT4_BG_INODE_UNINIT) {
		bh = bcache_get(fs->bdev, gd->inode_bitmap, fs->g.block_size);
		if (IS_ERR(bh))
			return PTR_ERR(bh);
		err = ext4_get_create_access(h, bh);
		if (err) {
			bcache_release(bh);
			return err;
		}
		memset(bh->data, 0, fs->g.block_size);
		memset((u8 *)bh->data + bytes, 0xff, fs->g.block_size - bytes);
		gd->flags &= ~EXT4_BG_INODE_UNINIT;
		gd->inode_bitmap_csum = ext4_bitmap_csum(&fs->g, bh->data, bytes);
		ext4_dirty_metadata(h, bh);
		*bhp = bh;
		return 0;
	}
	return ext4_bitmap_read(fs, gd->inode_bitmap, bytes, gd->inode_bitmap_csum, group, "inode",
				bhp);
}

static int alloc_in_group(struct ext4_handle *h, struct ext4_fs *fs, u32 group, bool is_dir,
			  u32 *nr)
{
	const struct ext4_geom *g = &fs->g;
	struct buffer_head *gbh, *bh, *bbh;
	struct ext4_gd gd;
	u32 goff, bit, from = group ? 0 : g->first_ino - 1;
	u8 *map;
	int err = ext4_gd_get(fs, group, &gd, &gbh, &goff);

	if (err)
		return err;
	if (!gd.free_inodes || (is_dir && !gd.free_blocks)) {
		bcache_release(gbh);
		return -ENOSPC;
	}
	/* A group whose blocks were never used gets its block bitmap too,
	 * as Linux does before putting an inode there. */
	if (gd.flags & EXT4_BG_BLOCK_UNINIT) {
		err = ext4_block_bitmap(h, fs, group, &gd, &bbh);
		if (err) {
			bcache_release(gbh);
			return err;
		}
		bcache_release(bbh);
	}
	err = inode_bitmap(h, fs, group, &gd, &bh);
	if (err) {
		bcache_release(gbh);
		return err;
	}
	map = bh->data;
	for (bit = from; bit < g->inodes_per_group; bit++)
		if (!(map[bit / 8] & (1u << (bit % 8))))
			break;
	if (bit == g->inodes_per_group) {
		bcache_release(bh);
		bcache_release(gbh);
		return ext4_corrupt(fs, "group %u: free inodes %u but a full bitmap", group,
				    gd.free_inodes);
	}
	err = ext4_get_write_access(h, bh);
	if (err) {
		bcache_release(bh);
		bcache_release(gbh);
		return err;
	}
	map[bit / 8] |= (u8)(1u << (bit % 8));
	gd.inode_bitmap_csum = ext4_bitmap_csum(g, map, g->inodes_per_group / 8);
	ext4_dirty_metadata(h, bh);
	bcache_release(bh);
	gd.free_inodes--;
	if (is_dir)
		gd.used_dirs++;
	if (bit >= g->inodes_per_group - gd.itable_unused)
		gd.itable_unused = g->inodes_per_group - bit - 1;
	fs->g.free_inodes--;
	*nr = group * g->inodes_per_group + bit + 1;
	return ext4_gd_put(h, fs, group, &gd, gbh, goff);
}

int ext4_ialloc(struct ext4_handle *h, struct ext4_fs *fs, u32 dir_nr, bool is_dir, u32 *nr)
{
	const struct ext4_geom *g = &fs->g;
	u32 start;
	int err = -ENOSPC;

	mutex_lock(&fs->alloc_lock);
	if (!g->free_inodes) {
		mutex_unlock(&fs->alloc_lock);
		return -ENOSPC;
	}
	start = is_dir ? fs->dir_rotor++ % g->groups : (dir_nr - 1) / g->inodes_per_group;
	for (u32 pass = 0; pass < 2 && err == -ENOSPC; pass++)
		for (u32 i = 0; i < g->groups; i++) {
			/* First pass: directories want blocks too. */
			err = alloc_in_group(h, fs, (start + i) % g->groups, is_dir && !pass, nr);
			if (err != -ENOSPC)
				break;
		}
	mutex_unlock(&fs->alloc_lock);
	return err;
}

int ext4_ifree(struct ext4_handle *h, struct ext4_fs *fs, u32 nr, bool is_dir)
{
	const struct ext4_geom *g = &fs->g;
	u32 group = (nr - 1) / g->inodes_per_group, bit = (nr - 1) % g->inodes_per_group, goff;
	struct buffer_head *gbh, *bh;
	struct ext4_gd gd;
	u8 *map;
	int err;

	mutex_lock(&fs->alloc_lock);
	err = ext4_gd_get(fs, group, &gd, &gbh, &goff);
	if (err)
		goto out;
	err = inode_bitmap(h, fs, group, &gd, &bh);
	if (err) {
		bcache_release(gbh);
		goto out;
	}
	map = bh->data;
	err = ext4_get_write_access(h, bh);
	if (!err) {
		if (!(map[bit / 8] & (1u << (bit % 8)))) {
			pr_err("EXT4-fs (%s): freeing free inode %u\n", fs->name, nr);
		} else {
			map[bit / 8] &= (u8)~(1u << (bit % 8));
			gd.free_inodes++;
			if (is_dir && gd.used_dirs)
				gd.used_dirs--;
			fs->g.free_inodes++;
		}
		gd.inode_bitmap_csum = ext4_bitmap_csum(g, map, g->inodes_per_group / 8);
		ext4_dirty_metadata(h, bh);
	}
	bcache_release(bh);
	if (!err)
		err = ext4_gd_put(h, fs, group, &gd, gbh, goff);
	else
		bcache_release(gbh);
out:
	mutex_unlock(&fs->alloc_lock);
	return err;
}
