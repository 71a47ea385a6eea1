/*
 * ext4 mount and unmount: the superblock and group descriptors checked
 * before anything else is trusted, the feature check (unknown INCOMPAT
 * features refuse the mount, unknown RO_COMPAT ones make it read-only),
 * the journal opened (and replayed), statfs, sync.
 */
#include "ext4.h"
#include <kernel/block.h>
#include <core/kmalloc.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

#define EXT4_VALID_FS 0x1	/* s_state: cleanly unmounted */

int ext4_gd_get(struct ext4_fs *fs, u32 group, struct ext4_gd *gd, struct buffer_head **bhp,
		u32 *off)
{
	const char *why;
	struct buffer_head *bh;
	u32 o;
	u64 blk;
	int err;

	if (group >= fs->g.groups)
		return ext4_corrupt(fs, "group %u out of range", group);
	blk = ext4_gd_block(&fs->g, group, &o);
	bh = bcache_read(fs->bdev, blk, fs->g.block_size);
	if (IS_ERR(bh))
		return PTR_ERR(bh);
	err = ext4_gd_parse(&fs->g, (u8 *)bh->data + o, group, gd, &why);
	if (err) {
		bcache_release(bh);
		return ext4_corrupt(fs, "group %u descriptor: %s", group, why);
	}
	if (bhp) {
		*bhp = bh;
		*off = o;
	} else {
		bcache_release(bh);
	}
	return 0;
}

/* Store gd back into its buffer (from ext4_gd_get) and release it. */
int ext4_gd_put(struct ext4_handle *h, struct ext4_fs *fs, u32 group, const struct ext4_gd *gd,
		struct buffer_head *bh, u32 off)
{
	int err = ext4_get_write_access(h, bh);

	if (!err) {
		ext4_gd_store(&fs->g, (u8 *)bh->data + off, group, gd);
		err = ext4_dirty_metadata(h, bh);
	}
	bcache_release(bh);
	return err;
}

/* Does [block, block + len) touch a superblock, descriptor table, bitmap
 * or inode table? Data must never land there. */
bool ext4_block_is_metadata(struct ext4_fs *fs, u64 block, u64 len)
{
	const struct ext4_geom *g = &fs->g;
	u64 end = block + len;

	if (block <= g->first_data_block || end > g->blocks_count || end < block)
		return true;
	for (u32 i = 0; i < g->groups; i++) {
		u64 first = ext4_group_first_block(g, i), *m = fs->gmeta + 3 * i;

		if (ext4_group_has_super(g, i) && block < first + 1 + g->gdt_blocks +
		    g->reserved_gdt_blocks && end > first)
			return true;
		if ((block <= m[0] && m[0] < end) || (block <= m[1] && m[1] < end) ||
		    (block < m[2] + g->itable_blocks && end > m[2]))
			return true;
	}
	return false;
}

static int ext4_statfs(struct super_block *sb, struct kstatfs *st)
{
	struct ext4_fs *fs = sb->fs_info;

	mutex_lock(&fs->alloc_lock);
	st->type = EXT4_SUPER_MAGIC;
	st->bsize = st->frsize = fs->g.block_size;
	st->blocks = fs->g.blocks_count - fs->g.first_data_block;
	st->bfree = fs->g.free_blocks;
	st->bavail = fs->g.free_blocks > fs->g.r_blocks_count ?
		fs->g.free_blocks - fs->g.r_blocks_count : 0;
	st->files = fs->g.inodes_count;
	st->ffree = fs->g.free_inodes;
	mutex_unlock(&fs->alloc_lock);
	st->fsid = (u64)(ext4_get32(fs->g.uuid) ^ ext4_get32(fs->g.uuid + 8)) |
		(u64)(ext4_get32(fs->g.uuid + 4) ^ ext4_get32(fs->g.uuid + 12)) << 32;
	st->namelen = NAME_MAX;
	st->flags = fs->ro ? 1 : 0;
	return 0;
}

/* Write the superblock: free counts (kept in memory by the allocators)
 * and state. */
static int write_super(struct ext4_fs *fs, bool valid)
{
	struct ext4_handle *h = ext4_journal_start(fs, 1);
	u8 *raw = (u8 *)fs->sbh->data + fs->sb_off;
	int err;

	if (IS_ERR(h))
		return PTR_ERR(h);
	err = ext4_get_write_access(h, fs->sbh);
	if (!err) {
		u16 state = ext4_get16(raw + 0x3a);

		mutex_lock(&fs->alloc_lock);
		ext4_sb_set_counts(&fs->g, raw);
		mutex_unlock(&fs->alloc_lock);
		ext4_put16(raw + 0x3a, valid ? state | EXT4_VALID_FS : state & ~EXT4_VALID_FS);
		ext4_sb_set_csum(&fs->g, raw);
		err = ext4_dirty_metadata(h, fs->sbh);
	}
	int e2 = ext4_journal_stop(h);

	return err ? err : e2;
}

/* Write every dirty inode of the instance (the flusher may not have). */
static int write_dirty_inodes(struct ext4_fs *fs)
{
	struct icache *c = &fs->sb->icache;
	int err = 0;

	for (;;) {
		struct inode *found = NULL, *ino;

		spin_lock(&c->lock);
		for (int b = 0; b < ICACHE_BUCKETS && !found; b++)
			list_for_each_entry(ino, &c->buckets[b], icache_link)
				if (READ_ONCE(ino->state) & I_DIRTY) {
					atomic_inc(&ino->refs);
					found = ino;
					break;
				}
		spin_unlock(&c->lock);
		if (!found)
			return err;
		if (S_ISREG(found->mode)) {
			int e = filemap_write_range(found, 0, ~0ULL);

			if (e && !err)
				err = e;
		}
		if (__atomic_fetch_and(&found->state, ~I_DIRTY, __ATOMIC_SEQ_CST) & I_DIRTY) {
			int e = ext4_write_inode(found, false);

			if (e && !err)
				err = e;
		}
		inode_put(found);
	}
}

static int ext4_sync(struct super_block *sb, bool wait)
{
	struct ext4_fs *fs = sb->fs_info;
	int err, e;

	(void)wait;
	if (fs->ro)
		return 0;
	err = write_dirty_inodes(fs);
	e = write_super(fs, false);
	if (!err)
		err = e;
	e = ext4_journal_commit(fs);
	return err ? err : e;
}

static void free_fs(struct ext4_fs *fs)
{
	if (fs->sbh)
		bcache_release(fs->sbh);
	kfree(fs->gmeta);
	kfree(fs);
}

static void ext4_kill_sb(struct super_block *sb)
{
	struct ext4_fs *fs = sb->fs_info;

	if (!fs->ro) {
		write_dirty_inodes(fs);
		write_super(fs, true);
		ext4_journal_commit(fs);
	}
	ext4_journal_close(fs);
	bcache_sync(fs->bdev);
	if (sb->icache.count)
		pr_warn("EXT4-fs (%s): %lu inodes still in use at unmount\n", fs->name,
			sb->icache.count);
	bcache_invalidate(fs->bdev);
	free_fs(fs);
}

/* Read and check the superblock (not through the buffer cache: its block
 * size is not known yet). */
static int read_super(struct ext4_fs *fs)
{
	u8 *raw = kmalloc(EXT4_SB_SIZE);
	const char *why;
	int err;

	if (!raw)
		return -ENOMEM;
	err = block_rw(fs->bdev, BLK_OP_READ, EXT4_SB_OFFSET / SECTOR_SIZE, raw, EXT4_SB_SIZE);
	if (!err) {
		err = ext4_sb_parse(raw, fs->bdev->nr_sects, &fs->g, &why);
		if (err == -EOPNOTSUPP)
			pr_err("EXT4-fs (%s): %s (incompat %#x)\n", fs->name, why,
			       fs->g.incompat & ~EXT4_INCOMPAT_KNOWN);
		else if (err)
			pr_err("EXT4-fs (%s): superblock: %s\n", fs->name, why);
	}
	kfree(raw);
	if (err)
		return err == -EUCLEAN ? -EINVAL : err;	/* Linux: not an ext4 fs */
	if (fs->g.block_size < fs->bdev->lbs) {
		pr_err("EXT4-fs (%s): block size %u below the device's %u\n", fs->name,
		       fs->g.block_size, fs->bdev->lbs);
		return -EINVAL;
	}
	fs->sb_off = EXT4_SB_OFFSET % fs->g.block_size;
	fs->sbh = bcache_read(fs->bdev, EXT4_SB_OFFSET / fs->g.block_size, fs->g.block_size);
	if (IS_ERR(fs->sbh)) {
		err = PTR_ERR(fs->sbh);
		fs->sbh = NULL;
		return err;
	}
	return 0;
}

/* Every group descriptor must be sound before the file system is used. */
static int check_groups(struct ext4_fs *fs)
{
	u64 free_blocks = 0, free_inodes = 0;

	fs->gmeta = kmalloc(3 * sizeof(u64) * fs->g.groups);
	if (!fs->gmeta)
		return -ENOMEM;
	for (u32 i = 0; i < fs->g.groups; i++) {
		struct ext4_gd gd;
		int err = ext4_gd_get(fs, i, &gd, NULL, NULL);

		if (err)
			return err;
		fs->gmeta[3 * i] = gd.block_bitmap;
		fs->gmeta[3 * i + 1] = gd.inode_bitmap;
		fs->gmeta[3 * i + 2] = gd.inode_table;
		free_blocks += gd.free_blocks;
		free_inodes += gd.free_inodes;
	}
	/* The superblock's counts are only updated lazily: trust the groups. */
	fs->g.free_blocks = free_blocks;
	fs->g.free_inodes = (u32)free_inodes;
	return 0;
}

static int ext4_mount(struct mount *m, const char *source, const char *data)
{
	struct super_block *sb;
	struct ext4_fs *fs;
	struct inode *root;
	int err;

	(void)data;
	sb = sb_alloc(m, source, m->flags);
	if (IS_ERR(sb))
		return PTR_ERR(sb);
	fs = kzalloc(sizeof(*fs));
	if (!fs) {
		sb_free(sb);
		return -ENOMEM;
	}
	fs->sb = sb;
	fs->bdev = sb->bdev;
	fs->name = sb->bdev->name;
	fs->ro = (m->flags & MS_RDONLY) || (sb->bdev->flags & BLOCK_RO);
	mutex_init(&fs->alloc_lock, "ext4.alloc_lock");
	mutex_init(&fs->itable_lock, "ext4.itable_lock");
	spin_lock_init(&fs->name_lock, "ext4.name_lock");
	sb->fs_info = fs;
	err = read_super(fs);
	if (err)
		goto out_free;
	if ((fs->g.ro_compat & ~EXT4_RO_COMPAT_KNOWN) && !fs->ro) {
		pr_warn("EXT4-fs (%s): unknown read-only features %#x: mounted read-only\n",
			fs->name, fs->g.ro_compat & ~EXT4_RO_COMPAT_KNOWN);
		fs->ro = true;
	}
	if (fs->g.last_orphan && !fs->ro)
		pr_warn("EXT4-fs (%s): orphan list not processed: run e2fsck\n", fs->name);
	if (fs->ro)
		sb->flags |= MS_RDONLY;
	err = check_groups(fs);
	if (err)
		goto out_free;
	err = ext4_journal_open(fs);
	if (err)
		goto out_free;
	err = ext4_iget(fs, EXT4_ROOT_INO, &root);
	if (err)
		goto out_journal;
	if (!S_ISDIR(root->mode)) {
		inode_put(root);
		err = ext4_corrupt(fs, "root inode is not a directory");
		goto out_journal;
	}
	if (!fs->ro) {
		err = write_super(fs, false);	/* in use: not cleanly unmounted */
		if (err) {
			inode_put(root);
			goto out_journal;
		}
	}
	m->root = root;
	return 0;

out_journal:
	ext4_journal_close(fs);
out_free:
	bcache_invalidate(fs->bdev);
	free_fs(fs);
	sb_free(sb);
	m->sb = NULL;
	return err;
}

const struct fs_type ext4_fs_type = {
	.name = "ext4",
	.mount = ext4_mount,
	.kill_sb = ext4_kill_sb,
	.statfs = ext4_statfs,
	.sync = ext4_sync,
};
