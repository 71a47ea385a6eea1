/*
 * ext4 inodes in memory: read from the inode table through the buffer
 * cache into the instance's inode cache, written back inside a journal
 * handle, freed with their blocks when the last link and reference go.
 */
#include "ext4.h"
#include <kernel/cred.h>
#include <kernel/random.h>
#include <core/kmalloc.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

int ext4_inode_loc(struct ext4_fs *fs, u32 nr, u64 *block, u32 *off)
{
	const struct ext4_geom *g = &fs->g;
	u32 group = (nr - 1) / g->inodes_per_group, index = (nr - 1) % g->inodes_per_group;
	u64 byte = (u64)index * g->inode_size;

	if (nr < 1 || nr > g->inodes_count)
		return ext4_corrupt(fs, "inode %u out of range", nr);
	*block = fs->gmeta[3 * group + 2] + byte / g->block_size;
	*off = (u32)(byte % g->block_size);
	return 0;
}

/* The VFS view of the decoded inode. */
static void fill_vfs(struct ext4_inode *ei, const struct ext4_dinode *di)
{
	struct inode *ino = &ei->vfs;

	ino->nlink = di->links;
	ino->uid = di->uid;
	ino->gid = di->gid;
	ino->size = di->size;
	ino->atime = (struct timespec64){ di->atime, di->atime_ns };
	ino->mtime = (struct timespec64){ di->mtime, di->mtime_ns };
	ino->ctime = (struct timespec64){ di->ctime, di->ctime_ns };
	ei->flags = di->flags;
	ei->generation = di->generation;
	ei->extra_isize = di->extra_isize;
	ei->dtime = di->dtime;
	ei->file_acl = di->file_acl;
	ei->blocks = di->blocks;
	ei->disksize = di->size;
	memcpy(ei->iblock, di->block, EXT4_IBLOCK_SIZE);
	if (S_ISCHR(di->mode) || (di->mode & S_IFMT) == S_IFBLK) {
		u32 old = ext4_get32(di->block), dev = ext4_get32(di->block + 4);

		if (old)
			ino->rdev = MKDEV((old >> 8) & 0xff, old & 0xff);
		else
			ino->rdev = MKDEV((dev & 0xfff00) >> 8, (dev & 0xff) | ((dev >> 12) & 0xfff00));
	}
}

static struct ext4_inode *ext4_inode_alloc(struct ext4_fs *fs, u32 nr, u32 mode)
{
	struct ext4_inode *ei = kzalloc(sizeof(*ei));

	if (!ei)
		return NULL;
	inode_init(&ei->vfs, &ext4_file_iops, mode);
	ei->vfs.ino = nr;
	ei->vfs.dev = fs->sb->dev;
	ei->vfs.sb = fs->sb;
	ei->vfs.priv = ei;
	ei->fs = fs;
	mutex_init(&ei->map_lock, "ext4_inode.map_lock");
	INIT_LIST_HEAD(&ei->orphan);
	if (S_ISREG(mode))
		page_cache_init(&ei->vfs.cache, &ei->vfs, &ext4_pc_ops);
	return ei;
}

static void ext4_inode_free(struct ext4_inode *ei)
{
	ext4_map_free_memory(ei);
	kfree(ei->dname);
	kfree(ei);
}

static bool valid_type(u32 mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG: case S_IFDIR: case S_IFLNK: case S_IFCHR: case S_IFBLK:
	case S_IFIFO: case S_IFSOCK:
		return true;
	}
	return false;
}

static int iget(struct ext4_fs *fs, u32 nr, bool orphan, struct inode **out)
{
	struct ext4_dinode di;
	struct buffer_head *bh;
	struct ext4_inode *ei;
	struct inode *other;
	const char *why;
	u64 blk;
	u32 off;
	int err;

	*out = icache_find(&fs->sb->icache, nr);
	if (*out)
		return 0;
	if (nr < fs->g.first_ino && nr != EXT4_ROOT_INO && nr != fs->g.journal_inum)
		return ext4_corrupt(fs, "reserved inode %u referenced", nr);
	err = ext4_inode_loc(fs, nr, &blk, &off);
	if (err)
		return err;
	bh = bcache_read(fs->bdev, blk, fs->g.block_size);
	if (IS_ERR(bh))
		return PTR_ERR(bh);
	mutex_lock(&fs->itable_lock);
	err = ext4_inode_parse(&fs->g, (u8 *)bh->data + off, nr, &di, &why);
	mutex_unlock(&fs->itable_lock);
	bcache_release(bh);
	if (err)
		return ext4_corrupt(fs, "inode %u: %s", nr, why);
	if (!di.links && nr != fs->g.journal_inum && !orphan)
		return ext4_corrupt(fs, "deleted inode %u referenced", nr);
	if (!valid_type(di.mode))
		return ext4_corrupt(fs, "inode %u has a bad mode %#o", nr, di.mode);
	if ((S_ISDIR(di.mode) || S_ISREG(di.mode)) && di.size && !(di.flags &
	    (EXT4_EXTENTS_FL | EXT4_INLINE_DATA_FL)))
		pr_warn("EXT4-fs (%s): inode %u uses block maps (ext3), not supported\n",
			fs->name, nr);
	ei = ext4_inode_alloc(fs, nr, di.mode);
	if (!ei)
		return -ENOMEM;
	ei->iseed = ext4_inode_csum_seed(&fs->g, nr, di.generation);
	fill_vfs(ei, &di);
	if (S_ISDIR(di.mode) && nr == EXT4_ROOT_INO)
		ei->parent = NULL;	/* the root: dir_name says false */
	other = icache_insert(&fs->sb->icache, &ei->vfs);
	if (other) {
		ext4_inode_free(ei);
		*out = other;
		return 0;
	}
	*out = &ei->vfs;
	return 0;
}

int ext4_iget(struct ext4_fs *fs, u32 nr, struct inode **out)
{
	return iget(fs, nr, false, out);
}

int ext4_iget_orphan(struct ext4_fs *fs, u32 nr, struct inode **out)
{
	return iget(fs, nr, true, out);
}

/* The decoded form of the in-memory inode. */
static void to_dinode(struct ext4_inode *ei, struct ext4_dinode *di)
{
	struct inode *ino = &ei->vfs;

	di->mode = (u16)ino->mode;
	di->uid = ino->uid;
	di->gid = ino->gid;
	di->size = ino->size;
	di->links = ino->nlink;
	di->blocks = ei->blocks;
	di->flags = ei->flags;
	di->generation = ei->generation;
	di->file_acl = ei->file_acl;
	di->dtime = ei->dtime;
	di->atime = ino->atime.sec;
	di->atime_ns = (u32)ino->atime.nsec;
	di->mtime = ino->mtime.sec;
	di->mtime_ns = (u32)ino->mtime.nsec;
	di->ctime = ino->ctime.sec;
	di->ctime_ns = (u32)ino->ctime.nsec;
	di->extra_isize = ei->extra_isize;
	memcpy(di->block, ei->iblock, EXT4_IBLOCK_SIZE);
}

/* Put ei into its slot of the inode table (fresh: a new inode, every
 * other byte of the slot zeroed; xattrs: a new in-body xattr area, which
 * the inode checksum covers). */
static int inode_write(struct ext4_handle *h, struct ext4_inode *ei, bool fresh, const u8 *xattrs)
{
	struct ext4_fs *fs = ei->fs;
	struct ext4_dinode di;
	struct buffer_head *bh;
	u64 blk;
	u32 off;
	int err = ext4_inode_loc(fs, (u32)ei->vfs.ino, &blk, &off);

	if (err)
		return err;
	bh = bcache_read(fs->bdev, blk, fs->g.block_size);
	if (IS_ERR(bh))
		return PTR_ERR(bh);
	mutex_lock(&ei->map_lock);	/* i_block and i_blocks */
	to_dinode(ei, &di);
	mutex_unlock(&ei->map_lock);
	mutex_lock(&fs->itable_lock);
	err = ext4_get_write_access(h, bh);
	if (!err) {
		u8 *raw = (u8 *)bh->data + off;

		if (fresh)
			memset(raw, 0, fs->g.inode_size);
		if (xattrs) {
			u32 start = EXT4_GOOD_OLD_INODE_SIZE + di.extra_isize;

			memcpy(raw + start, xattrs, fs->g.inode_size - start);
		}
		ext4_inode_store(&fs->g, raw, (u32)ei->vfs.ino, &di);
		ei->disksize = di.size;
		err = ext4_dirty_metadata(h, bh);
	}
	mutex_unlock(&fs->itable_lock);
	bcache_release(bh);
	return err;
}

int ext4_inode_save(struct ext4_handle *h, struct ext4_inode *ei)
{
	return inode_write(h, ei, false, NULL);
}

int ext4_inode_save_ibody(struct ext4_handle *h, struct ext4_inode *ei, const u8 *area)
{
	return inode_write(h, ei, false, area);
}

int ext4_write_inode(struct inode *ino, bool wait)
{
	struct ext4_fs *fs = EXT4_FS(ino);
	struct ext4_handle *h;
	int err, e;

	if (ext4_is_ro(fs))
		return 0;
	h = ext4_journal_start(fs, 1 + EXT4_ORPHAN_CREDITS);
	if (IS_ERR(h))
		return PTR_ERR(h);
	err = ext4_inode_save(h, EXT4_I(ino));
	/* The size saved may cover the blocks of an extending write. */
	if (!err)
		err = ext4_orphan_size_saved(h, EXT4_I(ino), false);
	e = ext4_journal_stop(h);
	if (!err)
		err = e;
	if (!err && wait)
		err = ext4_journal_commit(fs);
	return err;
}

/*
 * A new inode for a file of mode in dir, allocated on disk and written
 * there (links 0: the caller sets them and saves). Returned referenced
 * and in the inode cache; ERR_PTR on failure.
 */
struct inode *ext4_new_inode(struct ext4_handle *h, struct inode *dir, u32 mode)
{
	struct ext4_fs *fs = EXT4_FS(dir);
	const struct cred *cr = current_cred();
	struct ext4_inode *ei;
	struct inode *other;
	u32 nr;
	int err;

	err = ext4_ialloc(h, fs, (u32)dir->ino, S_ISDIR(mode), &nr);
	if (err)
		return ERR_PTR(err);
	ei = ext4_inode_alloc(fs, nr, mode);
	if (!ei) {
		ext4_ifree(h, fs, nr, S_ISDIR(mode));
		return ERR_PTR(-ENOMEM);
	}
	ei->vfs.uid = cr->fsuid;
	ei->vfs.gid = cr->fsgid;
	if (dir->mode & 02000) {	/* setgid directory: the group is inherited */
		ei->vfs.gid = dir->gid;
		if (S_ISDIR(mode))
			ei->vfs.mode |= 02000;
	}
	ei->vfs.nlink = 0;
	ei->generation = (u32)random_u64();
	ei->iseed = ext4_inode_csum_seed(&fs->g, nr, ei->generation);
	ei->extra_isize = fs->g.inode_size > EXT4_GOOD_OLD_INODE_SIZE ? fs->g.want_extra_isize : 0;
	if (S_ISREG(mode) || S_ISDIR(mode)) {
		ei->flags = EXT4_EXTENTS_FL;
		ext4_ext_node_init(ei->iblock, EXT4_IBLOCK_SIZE, true, 0);
	}
	ei->map_loaded = true;	/* empty */
	err = inode_write(h, ei, true, NULL);
	if (!err) {
		other = icache_insert(&fs->sb->icache, &ei->vfs);
		if (other) {	/* a stale cached inode of that number: the bitmap lied */
			inode_put(other);
			err = ext4_corrupt(fs, "new inode %u is in use", nr);
		}
	}
	if (err) {
		ext4_ifree(h, fs, nr, S_ISDIR(mode));
		ext4_inode_free(ei);
		return ERR_PTR(err);
	}
	return &ei->vfs;
}

/* The file is gone (no links, no users): free its blocks and itself and
 * take it off the orphan list, in one transaction. */
static void delete_inode(struct ext4_inode *ei)
{
	struct ext4_fs *fs = ei->fs;
	struct ext4_handle *h = ext4_journal_start(fs, 12);
	int err;

	if (IS_ERR(h)) {
		pr_err("EXT4-fs (%s): cannot free inode %lu: %d\n", fs->name,
		       (unsigned long)ei->vfs.ino, (int)PTR_ERR(h));
		return;
	}
	mutex_lock(&ei->map_lock);
	err = ext4_map_truncate(h, ei, 0);
	mutex_unlock(&ei->map_lock);
	if (!err)
		err = ext4_xattr_free_block(h, ei);
	if (!err)
		err = ext4_orphan_del(h, ei);
	if (!err) {
		ei->vfs.size = 0;
		ei->dtime = (u32)vfs_now().sec;
		err = ext4_inode_save(h, ei);
	}
	if (!err)
		err = ext4_ifree(h, fs, (u32)ei->vfs.ino, S_ISDIR(ei->vfs.mode));
	ext4_journal_stop(h);
	if (err)
		pr_err("EXT4-fs (%s): freeing inode %lu failed: %d\n", fs->name,
		       (unsigned long)ei->vfs.ino, err);
}

/* An inode on the orphan list that has links (an extending write whose
 * size was not saved since, or linked again): off the list, kept, with
 * its size now. */
static void leave_orphans(struct ext4_inode *ei)
{
	struct ext4_handle *h = ext4_journal_start(ei->fs, 4);
	int err;

	if (IS_ERR(h))
		return;
	err = ext4_orphan_del(h, ei);
	if (!err)
		err = ext4_inode_save(h, ei);
	ext4_journal_stop(h);
	if (err)
		pr_err("EXT4-fs (%s): inode %lu stays on the orphan list: %d\n", ei->fs->name,
		       (unsigned long)ei->vfs.ino, err);
}

void ext4_evict(struct inode *ino)
{
	struct ext4_inode *ei = EXT4_I(ino);
	struct ext4_fs *fs = ei->fs;
	struct inode *parent;

	/* Every inode, not only files: inode_mark_dirty queues any inode for
	 * the flusher, and a freed one must not stay on its list. */
	filemap_evict(ino, ino->nlink == 0);
	if (!ext4_is_ro(fs) && ino->nlink == 0) {
		delete_inode(ei);
	} else if (!ext4_is_ro(fs) && !list_empty(&ei->orphan)) {
		leave_orphans(ei);
	} else if (!ext4_is_ro(fs) && (__atomic_fetch_and(&ino->state, ~I_DIRTY, __ATOMIC_SEQ_CST) &
				I_DIRTY)) {
		int err = ext4_write_inode(ino, false);

		if (err)
			pr_err("EXT4-fs (%s): writing inode %lu failed: %d\n", fs->name,
			       (unsigned long)ino->ino, err);
	}
	spin_lock(&fs->name_lock);
	parent = ei->parent;
	ei->parent = NULL;
	spin_unlock(&fs->name_lock);
	if (parent && parent != ino)
		inode_put(parent);
	filemap_evict(ino, true);	/* queued again by the writes above */
	ext4_orphan_forget(ei);	/* read-only, or freeing failed: the disk keeps it */
	ext4_inode_free(ei);
}

static int ext4_open(struct inode *ino, struct file *f)
{
	struct ext4_inode *ei = EXT4_I(ino);

	if (ei->flags & (EXT4_ENCRYPT_FL | EXT4_VERITY_FL | EXT4_CASEFOLD_FL))
		return -EOPNOTSUPP;
	if (S_ISDIR(ino->mode))
		f->ops = &ext4_dir_fops;
	else if (S_ISREG(ino->mode))
		f->ops = &ext4_file_fops;
	else
		return -ENXIO;	/* devices and fifos are opened by the VFS */
	return 0;
}

static int ext4_fsync(struct inode *ino, bool datasync)
{
	int err = 0;

	if (S_ISREG(ino->mode))
		err = filemap_write_range(ino, 0, ~0ULL);
	if (!err && (__atomic_fetch_and(&ino->state, ~I_DIRTY, __ATOMIC_SEQ_CST) & I_DIRTY))
		err = ext4_write_inode(ino, false);
	(void)datasync;
	if (!err)
		err = ext4_journal_commit(EXT4_FS(ino));
	return err;
}

const struct inode_ops ext4_file_iops = {
	.lookup = ext4_lookup,
	.create = ext4_create,
	.link = ext4_link,
	.unlink = ext4_unlink,
	.symlink = ext4_symlink,
	.rename = ext4_rename,
	.readlink = ext4_readlink,
	.read_kernel = filemap_read_kernel,
	.write_kernel = filemap_write_kernel,
	.truncate = ext4_truncate,
	.open = ext4_open,
	.evict = ext4_evict,
	.dir_name = ext4_dir_name,
	.write_inode = ext4_write_inode,
	.fsync = ext4_fsync,
	.fallocate = ext4_fallocate,
	.getxattr = ext4_getxattr,
	.setxattr = ext4_setxattr,
	.listxattr = ext4_listxattr,
	.removexattr = ext4_removexattr,
};
