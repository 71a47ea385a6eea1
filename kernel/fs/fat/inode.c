/*
 * FAT inodes. FAT has no inodes on disk: a file is its short directory
 * entry, found by that entry's position (its disk byte offset / 32,
 * "i_pos" as Linux calls it). The live inodes of a volume are in a table
 * by i_pos (fat_sb.itable) from their creation until their eviction has
 * written them back, so a lookup never reads an entry whose inode is on
 * its way out: it waits for that eviction instead. A file's number
 * (st_ino) is its i_pos when it is first seen (the root's is 1) and stays
 * when a rename moves the entry, as Linux keeps i_ino: fat_sb.renumbered
 * remembers the numbers that differ from their entry's position.
 * Permissions come from the mount options (uid=, gid=, fmask=, dmask=);
 * the read-only attribute takes the write bits away.
 */
#include "fat.h"
#include <kernel/sched.h>
#include <core/kmalloc.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

u32 fat_mode(struct fat_sb *sbi, u8 attr)
{
	if (attr & FAT_ATTR_DIR)
		return S_IFDIR | (0777 & ~sbi->dmask);
	if (attr & FAT_ATTR_RO)
		return S_IFREG | (0555 & ~sbi->fmask);
	return S_IFREG | (0777 & ~sbi->fmask);
}

static char *name_dup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = kmalloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

static struct fat_inode *fat_alloc_inode(struct fat_sb *sbi, u8 attr)
{
	struct fat_inode *fi = kzalloc(sizeof(*fi));

	if (!fi)
		return NULL;
	inode_init(&fi->vfs, attr & FAT_ATTR_DIR ? &fat_dir_iops : &fat_file_iops,
		   fat_mode(sbi, attr));
	fi->vfs.sb = sbi->sb;
	fi->vfs.dev = sbi->sb->dev;
	fi->vfs.uid = sbi->uid;
	fi->vfs.gid = sbi->gid;
	fi->vfs.priv = fi;
	fi->attr = attr;
	INIT_LIST_HEAD(&fi->hash_link);
	mutex_init(&fi->data_lock, "fat_inode.data_lock");
	if (!(attr & FAT_ATTR_DIR))
		page_cache_init(&fi->vfs.cache, &fi->vfs, &fat_pc_ops);
	return fi;
}

/* Directory link counts: 2 plus one per subdirectory, as on Linux. */
static int dir_setup(struct fat_sb *sbi, struct fat_inode *fi)
{
	u32 subdirs;
	int err = fat_chain_len(sbi, fi->start, &fi->nr_clus);

	if (!err && !fi->nr_clus && !(sbi->g.bits != 32 && fi->vfs.ino == FAT_ROOT_INO)) {
		fat_err(sbi, "directory with no clusters (i_pos %llu)",
			(unsigned long long)fi->i_pos);
		err = -EUCLEAN;
	}
	if (err)
		return err;
	fi->vfs.size = fat_dir_size(sbi, fi);
	err = fat_dir_subdirs(sbi, fi, &subdirs);
	fi->vfs.nlink = 2 + subdirs;
	return err;
}

struct inode *fat_root_inode(struct fat_sb *sbi)
{
	struct fat_inode *fi = fat_alloc_inode(sbi, FAT_ATTR_DIR);
	int err;

	if (!fi)
		return ERR_PTR(-ENOMEM);
	fi->vfs.ino = FAT_ROOT_INO;
	fi->start = sbi->g.bits == 32 ? sbi->g.root_cluster : 0;
	fi->vfs.atime = fi->vfs.mtime = fi->vfs.ctime = (struct timespec64){ 0, 0 };
	fi->parent = &fi->vfs;
	mutex_lock(&sbi->lock);
	err = dir_setup(sbi, fi);
	mutex_unlock(&sbi->lock);
	if (err) {
		kfree(fi);
		return ERR_PTR(err);
	}
	fi->name = name_dup("");
	mutex_lock(&sbi->lock);
	list_add(&fi->hash_link, &sbi->itable[0]);	/* i_pos 0: never looked up */
	mutex_unlock(&sbi->lock);
	return &fi->vfs;
}

void fat_itable_init(struct fat_sb *sbi)
{
	for (int i = 0; i < FAT_ITABLE; i++)
		INIT_LIST_HEAD(&sbi->itable[i]);
	INIT_LIST_HEAD(&sbi->renumbered);
}

static struct list_head *bucket(struct fat_sb *sbi, u64 i_pos)
{
	return &sbi->itable[(i_pos ^ (i_pos >> 8)) % FAT_ITABLE];
}

/* The live inode at i_pos, referenced; NULL, with *busy when it is being
 * evicted. */
static struct inode *itable_find(struct fat_sb *sbi, u64 i_pos, bool *busy)
{
	struct fat_inode *fi;

	*busy = false;
	list_for_each_entry(fi, bucket(sbi, i_pos), hash_link) {
		int v;

		if (fi->i_pos != i_pos)
			continue;
		for (v = atomic_read(&fi->vfs.refs); v > 0; v = atomic_read(&fi->vfs.refs))
			if (atomic_cmpxchg(&fi->vfs.refs, v, v + 1))
				return &fi->vfs;
		*busy = true;
		return NULL;
	}
	return NULL;
}

static struct fat_renum *renum_find(struct fat_sb *sbi, u64 i_pos, u64 ino)
{
	struct fat_renum *r;

	list_for_each_entry(r, &sbi->renumbered, link)
		if ((i_pos && r->i_pos == i_pos) || (ino && r->ino == ino))
			return r;
	return NULL;
}

/* The file numbered nr now has its entry at i_pos (0: none, unlinked). */
static void renumber(struct fat_sb *sbi, u64 nr, u64 i_pos)
{
	struct fat_renum *r = renum_find(sbi, 0, nr);

	if (i_pos == nr) {
		if (r) {
			list_del(&r->link);
			kfree(r);
		}
		return;
	}
	if (!r) {
		r = kmalloc(sizeof(*r));
		if (!r)
			return;	/* the number may change at the next lookup */
		r->ino = nr;
		list_add(&r->link, &sbi->renumbered);
	}
	r->i_pos = i_pos;
}

void fat_itable_free(struct fat_sb *sbi)
{
	struct fat_renum *r, *tmp;

	list_for_each_entry_safe(r, tmp, &sbi->renumbered, link)
		kfree(r);
}

/* The number for a file first seen at i_pos. */
static u64 number_for(struct fat_sb *sbi, u64 i_pos)
{
	struct fat_renum *r = renum_find(sbi, i_pos, 0);
	u64 nr;

	if (r)
		return r->ino;
	if (!renum_find(sbi, 0, i_pos))
		return i_pos;
	nr = FAT_INO_BASE + (u64)atomic_long_add_return(&sbi->next_ino, 1);
	renumber(sbi, nr, i_pos);
	return nr;
}

int fat_iget(struct fat_sb *sbi, struct inode *dir, const struct fat_slot *slot,
	     struct inode **out)
{
	const u8 *de = slot->de;
	struct fat_inode *fi;
	u64 i_pos;
	bool busy;
	int err = fat_dir_pos(sbi, FI(dir), slot->sde_off, &i_pos);

	if (err)
		return err;
	/* An inode still being evicted writes its entry back first: wait. */
	while (!(*out = itable_find(sbi, i_pos, &busy)) && busy) {
		mutex_unlock(&sbi->lock);
		sched_yield();
		mutex_lock(&sbi->lock);
	}
	if (*out)
		return 0;
	fi = fat_alloc_inode(sbi, de[11]);
	if (!fi)
		return -ENOMEM;
	fi->vfs.ino = number_for(sbi, i_pos);
	fi->i_pos = i_pos;
	fi->start = fat_de_start(de, sbi->g.bits);
	fi->lcase = de[12];
	fi->ccs = de[13];
	fi->ctime = (u16)(de[14] | de[15] << 8);
	fi->cdate = (u16)(de[16] | de[17] << 8);
	fi->vfs.mtime.sec = fat_time_to_unix((u16)(de[24] | de[25] << 8),
					     (u16)(de[22] | de[23] << 8), 0);
	fi->vfs.ctime = fi->vfs.mtime;
	fi->vfs.atime.sec = fat_time_to_unix((u16)(de[18] | de[19] << 8), 0, 0);
	fi->vfs.atime.nsec = fi->vfs.mtime.nsec = fi->vfs.ctime.nsec = 0;
	if (fi->start && !fat_valid_cluster(&sbi->g, fi->start)) {
		fat_err(sbi, "invalid first cluster %#x of \"%s\"", fi->start, slot->name);
		err = -EUCLEAN;
	} else if (de[11] & FAT_ATTR_DIR) {
		err = dir_setup(sbi, fi);
		fi->name = name_dup(slot->name);
		if (!err && !fi->name)
			err = -ENOMEM;
	} else {
		fi->vfs.size = fat_de_size(de);
	}
	if (err) {
		kfree(fi->name);
		kfree(fi);
		return err;
	}
	if (de[11] & FAT_ATTR_DIR) {
		inode_get(dir);	/* ".." and getcwd */
		fi->parent = dir;
	}
	list_add(&fi->hash_link, bucket(sbi, i_pos));
	*out = &fi->vfs;
	return 0;
}

void fat_rehash(struct fat_sb *sbi, struct inode *ino, u64 i_pos)
{
	struct fat_inode *fi = FI(ino);

	list_del_init(&fi->hash_link);
	fi->i_pos = i_pos;
	if (i_pos)
		list_add(&fi->hash_link, bucket(sbi, i_pos));
	else
		list_add(&fi->hash_link, &sbi->itable[0]);	/* detached: never found */
	renumber(sbi, ino->ino, i_pos);
}

void fat_fill_dirent(struct inode *ino, u8 *de)
{
	struct fat_inode *fi = FI(ino);
	u16 date, time;

	de[11] = fi->attr;
	if (!S_ISDIR(ino->mode)) {
		if (ino->mode & 0222)
			de[11] &= (u8)~FAT_ATTR_RO;
		else
			de[11] |= FAT_ATTR_RO;
		fi->attr = de[11];
	}
	fat_de_set_start(de, fi->start);
	fat_time_from_unix(ino->mtime.sec, &date, &time, NULL);
	de[22] = (u8)time;
	de[23] = (u8)(time >> 8);
	de[24] = (u8)date;
	de[25] = (u8)(date >> 8);
	fat_time_from_unix(ino->atime.sec, &date, &time, NULL);
	de[18] = (u8)date;
	de[19] = (u8)(date >> 8);
	{
		u32 size = S_ISDIR(ino->mode) ? 0 : (u32)ino->size;

		de[28] = (u8)size;
		de[29] = (u8)(size >> 8);
		de[30] = (u8)(size >> 16);
		de[31] = (u8)(size >> 24);
	}
}

int fat_write_inode(struct inode *ino, bool wait)
{
	struct fat_sb *sbi = FSB(ino);
	u8 de[FAT_DIRENT_SIZE];
	int err = 0;

	__atomic_fetch_and(&ino->state, ~I_DIRTY, __ATOMIC_SEQ_CST);
	if (sbi->sb->flags & MS_RDONLY)
		return 0;
	mutex_lock(&sbi->lock);
	if (FI(ino)->i_pos) {
		err = fat_dirent_read(sbi, FI(ino)->i_pos, de);
		if (!err) {
			fat_fill_dirent(ino, de);
			err = fat_dirent_write(sbi, FI(ino)->i_pos, de);
		}
	}
	mutex_unlock(&sbi->lock);
	if (!err && wait)
		err = bcache_sync(sbi->bdev);
	return err;
}

static void fat_evict(struct inode *ino)
{
	struct fat_inode *fi = FI(ino);
	struct fat_sb *sbi = FSB(ino);
	bool rw = !(sbi->sb->flags & MS_RDONLY), root = ino->ino == FAT_ROOT_INO;

	/* Off the write-back list (every inode: directories get there through
	 * inode_mark_dirty too), the pages written unless the file is gone. */
	filemap_evict(ino, !ino->nlink);
	if (rw && !ino->nlink && !root) {
		mutex_lock(&sbi->lock);
		if (S_ISDIR(ino->mode))
			fat_flush_meta_chain(sbi, fi->start);
		fat_free_chain(sbi, fi->start);
		mutex_unlock(&sbi->lock);
	} else if (rw && !root) {
		bool dirty = ino->state & I_DIRTY;

		if (S_ISREG(ino->mode)) {
			/* Clusters a failed write left past the end go. */
			u32 keep = (u32)((ino->size + sbi->g.cluster_size - 1) / sbi->g.cluster_size);
			u32 old = fi->start;

			mutex_lock(&sbi->lock);
			fat_shrink(sbi, fi, keep);
			mutex_unlock(&sbi->lock);
			dirty |= fi->start != old;
		}
		if (dirty)
			fat_write_inode(ino, false);	/* not inode_mark_dirty: it is going */
	}
	mutex_lock(&sbi->lock);
	list_del(&fi->hash_link);
	if (!ino->nlink)
		renumber(sbi, ino->ino, ino->ino);	/* gone: its number is free again */
	mutex_unlock(&sbi->lock);
	if (fi->parent && fi->parent != ino)
		inode_put(fi->parent);
	kfree(fi->name);
	kfree(fi);
}

static bool fat_dir_name(struct inode *dir, struct inode **parent, char *name, size_t size)
{
	struct fat_inode *fi = FI(dir);

	if (!S_ISDIR(dir->mode) || !fi->parent || fi->parent == dir)
		return false;
	*parent = fi->parent;
	strscpy(name, fi->name, size);
	return true;
}

static int fat_open(struct inode *ino, struct file *f)
{
	if (S_ISDIR(ino->mode))
		f->ops = &fat_dir_fops;
	else
		f->ops = &fat_file_fops;
	return 0;
}

static int fat_fsync(struct inode *ino, bool datasync)
{
	int err = S_ISREG(ino->mode) ? filemap_write_range(ino, 0, ~0ULL) : 0;
	int e2 = fat_write_inode(ino, true);

	(void)datasync;	/* the size lives in the entry: always written */
	err = err ? err : e2;
	if (!err)
		err = block_flush(FSB(ino)->bdev);
	return err;
}

int fat_lookup(struct inode *dir, const char *name, struct inode **out);
int fat_create(struct inode *dir, const char *name, u32 mode, u32 rdev, struct inode **out);
int fat_unlink(struct inode *dir, const char *name, bool rmdir);
int fat_rename(struct inode *odir, const char *oname, struct inode *ndir, const char *nname,
	       unsigned int flags);

static int fat_link(struct inode *dir, const char *name, struct inode *target)
{
	(void)dir, (void)name, (void)target;
	return -EPERM;	/* no hard links on FAT */
}

static int fat_symlink(struct inode *dir, const char *name, const char *target)
{
	(void)dir, (void)name, (void)target;
	return -EPERM;	/* as Linux's vfat */
}

const struct inode_ops fat_dir_iops = {
	.lookup = fat_lookup,
	.create = fat_create,
	.link = fat_link,
	.unlink = fat_unlink,
	.symlink = fat_symlink,
	.rename = fat_rename,
	.open = fat_open,
	.evict = fat_evict,
	.dir_name = fat_dir_name,
	.write_inode = fat_write_inode,
	.fsync = fat_fsync,
};

const struct inode_ops fat_file_iops = {
	.read_kernel = filemap_read_kernel,
	.write_kernel = filemap_write_kernel,
	.truncate = fat_file_truncate,
	.open = fat_open,
	.evict = fat_evict,
	.write_inode = fat_write_inode,
	.fsync = fat_fsync,
};
