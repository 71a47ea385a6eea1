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
	u32 lo = 0, hi = fs->nr_meta;

	if (block <= g->first_data_block || end > g->blocks_count || end < block)
		return true;
	/* The last range starting before end is the only one that can
	 * overlap: the ranges are sorted and disjoint. */
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (fs->meta[mid].start < end)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo && block < fs->meta[lo - 1].start + fs->meta[lo - 1].len;
}

/* Heap sort of the metadata ranges by start (no allocation, n log n). */
static void sift_down(struct ext4_meta_range *r, u32 i, u32 n)
{
	for (;;) {
		u32 c = 2 * i + 1;
		struct ext4_meta_range t;

		if (c >= n)
			return;
		if (c + 1 < n && r[c + 1].start > r[c].start)
			c++;
		if (r[i].start >= r[c].start)
			return;
		t = r[i];
		r[i] = r[c];
		r[c] = t;
		i = c;
	}
}

/* Build fs->meta from the descriptors (fs->gmeta) and the geometry. */
static int build_meta_ranges(struct ext4_fs *fs)
{
	const struct ext4_geom *g = &fs->g;
	struct ext4_meta_range *r = kmalloc(4 * sizeof(*r) * (u64)g->groups);
	u32 n = 0, out = 0;

	if (!r)
		return -ENOMEM;
	for (u32 i = 0; i < g->groups; i++) {
		if (ext4_group_has_super(g, i))
			r[n++] = (struct ext4_meta_range){ ext4_group_first_block(g, i),
							   1 + g->gdt_blocks + g->reserved_gdt_blocks };
		r[n++] = (struct ext4_meta_range){ fs->gmeta[3 * i], 1 };
		r[n++] = (struct ext4_meta_range){ fs->gmeta[3 * i + 1], 1 };
		r[n++] = (struct ext4_meta_range){ fs->gmeta[3 * i + 2], g->itable_blocks };
	}
	for (u32 i = n / 2; i-- > 0;)
		sift_down(r, i, n);
	for (u32 end = n; end-- > 1;) {
		struct ext4_meta_range t = r[0];

		r[0] = r[end];
		r[end] = t;
		sift_down(r, 0, end);
	}
	/* Merge overlapping and adjacent ranges. */
	for (u32 i = 0; i < n; i++) {
		if (out && r[i].start <= r[out - 1].start + r[out - 1].len) {
			u64 e = MAX(r[out - 1].start + r[out - 1].len, r[i].start + r[i].len);

			r[out - 1].len = e - r[out - 1].start;
		} else {
			r[out++] = r[i];
		}
	}
	fs->meta = r;
	fs->nr_meta = out;
	return 0;
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
	st->flags = ext4_is_ro(fs) ? 1 : 0;
	return 0;
}

/*
 * Write the superblock: the free counts (kept in memory by the
 * allocators) and the state. in_use (mounted read-write): not cleanly
 * unmounted and, with a journal, needing recovery, so that e2fsck and
 * Linux replay the log after a crash; else clean. Through a handle when
 * the journal runs, directly before it starts and after it closed.
 */
static int write_super(struct ext4_fs *fs, bool in_use)
{
	struct ext4_handle *h = ext4_journal_start(fs, 1);
	u8 *raw = (u8 *)fs->sbh->data + fs->sb_off;
	int err, e;

	if (IS_ERR(h))
		return PTR_ERR(h);
	err = ext4_get_write_access(h, fs->sbh);
	if (!err) {
		u16 state = ext4_get16(raw + 0x3a);
		u32 incompat = ext4_get32(raw + 0x60);

		/* alloc_lock: the orphan list writes s_last_orphan too. */
		mutex_lock(&fs->alloc_lock);
		ext4_sb_set_counts(&fs->g, raw);
		ext4_put16(raw + 0x3a, in_use ? state & ~EXT4_VALID_FS : state | EXT4_VALID_FS);
		if (in_use && fs->jnl)
			incompat |= EXT4_INCOMPAT_RECOVER;
		else if (!in_use)
			incompat &= ~EXT4_INCOMPAT_RECOVER;	/* the log was closed empty */
		ext4_put32(raw + 0x60, incompat);
		ext4_sb_set_csum(&fs->g, raw);
		mutex_unlock(&fs->alloc_lock);
		err = ext4_dirty_metadata(h, fs->sbh);
	}
	e = ext4_journal_stop(h);
	if (!err)
		err = e;
	if (!err && !fs->journal)
		err = bcache_write(fs->sbh);
	return err;
}

/* After a replay on a read-only mount: the log is empty, say so (as Linux
 * does), directly. */
static int clear_recover(struct ext4_fs *fs)
{
	u8 *raw = (u8 *)fs->sbh->data + fs->sb_off;

	ext4_put32(raw + 0x60, ext4_get32(raw + 0x60) & ~EXT4_INCOMPAT_RECOVER);
	ext4_sb_set_csum(&fs->g, raw);
	bcache_mark_dirty(fs->sbh);
	return bcache_write(fs->sbh);
}

static int ext4_sync(struct super_block *sb, bool wait)
{
	struct ext4_fs *fs = sb->fs_info;
	int err, e;

	/* The VFS wrote the inodes back first (filemap_sync_sb). */
	(void)wait;
	if (ext4_is_ro(fs))
		return 0;
	err = write_super(fs, true);
	e = ext4_journal_commit(fs);
	return err ? err : e;
}

static void free_fs(struct ext4_fs *fs)
{
	if (fs->sbh)
		bcache_release(fs->sbh);
	kfree(fs->gmeta);
	kfree(fs->meta);
	kfree(fs);
}

static void ext4_kill_sb(struct super_block *sb)
{
	struct ext4_fs *fs = sb->fs_info;
	bool was_rw = fs->journal || !ext4_is_ro(fs);

	/* sb_put synced it (inodes, then ext4_sync) before. */
	ext4_journal_close(fs);
	if (was_rw) {
		/* Clean, the log empty (also after a remount read-only). */
		WRITE_ONCE(sb->flags, sb->flags & ~MS_RDONLY);
		write_super(fs, false);
		ext4_journal_commit(fs);
	}
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
	return build_meta_ranges(fs);
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
	mutex_init(&fs->alloc_lock, "ext4.alloc_lock");
	mutex_init(&fs->itable_lock, "ext4.itable_lock");
	spin_lock_init(&fs->name_lock, "ext4.name_lock");
	mutex_init(&fs->orphan_lock, "ext4.orphan_lock");
	INIT_LIST_HEAD(&fs->orphans);
	sb->fs_info = fs;
	err = read_super(fs);
	if (err)
		goto out_free;
	if (sb->bdev->flags & BLOCK_RO)
		sb->flags |= MS_RDONLY;
	if (fs->g.ro_compat & ~EXT4_RO_COMPAT_KNOWN) {
		if (!ext4_is_ro(fs))
			pr_warn("EXT4-fs (%s): unknown read-only features %#x: mounted read-only\n",
				fs->name, fs->g.ro_compat & ~EXT4_RO_COMPAT_KNOWN);
		fs->ro_forced = true;
		sb->flags |= MS_RDONLY;
	}
	err = check_groups(fs);
	if (err)
		goto out_free;
	err = ext4_journal_open(fs);
	if (err)
		goto out_free;
	if (fs->replayed) {
		/* The replay wrote metadata home: read it all again. */
		bcache_release(fs->sbh);
		fs->sbh = NULL;
		kfree(fs->gmeta);
		fs->gmeta = NULL;
		kfree(fs->meta);
		fs->meta = NULL;
		err = read_super(fs);
		if (!err)
			err = check_groups(fs);
		if (!err && ext4_is_ro(fs))
			err = clear_recover(fs);
		if (err)
			goto out_journal;
	}
	err = ext4_iget(fs, EXT4_ROOT_INO, &root);
	if (err)
		goto out_journal;
	if (!S_ISDIR(root->mode)) {
		inode_put(root);
		err = ext4_corrupt(fs, "root inode is not a directory");
		goto out_journal;
	}
	if (!ext4_is_ro(fs)) {
		err = write_super(fs, true);	/* in use: directly, before the log runs */
		if (!err)
			err = ext4_journal_begin(fs);
		if (!err)	/* a corrupt list is dropped with a message, the mount goes on */
			err = ext4_orphan_cleanup(fs);
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

/* MS_REMOUNT: read-only after a sync (the VFS synced), or read-write
 * again (the journal starts; not with unknown features). s_lock held. */
static int ext4_remount(struct super_block *sb, unsigned long flags, const char *data)
{
	struct ext4_fs *fs = sb->fs_info;
	int err;

	(void)data;
	if (flags & MS_RDONLY)
		return 0;
	if (!ext4_is_ro(fs))
		return 0;
	if (fs->ro_forced)
		return -EROFS;
	/* sb->flags still says read-only: lift it for the writes. */
	WRITE_ONCE(sb->flags, sb->flags & ~MS_RDONLY);
	err = write_super(fs, true);
	if (!err)
		err = ext4_journal_begin(fs);
	/* Linux cleans the list even at a read-only mount; Mica only writes
	 * read-write, so the list left by one is cleaned here. */
	if (!err)
		err = ext4_orphan_cleanup(fs);
	if (err)
		WRITE_ONCE(sb->flags, sb->flags | MS_RDONLY);
	return err;
}

const struct fs_type ext4_fs_type = {
	.name = "ext4",
	.name_cache = true,
	.mount = ext4_mount,
	.kill_sb = ext4_kill_sb,
	.statfs = ext4_statfs,
	.sync = ext4_sync,
	.remount = ext4_remount,
};
