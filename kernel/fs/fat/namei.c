/*
 * VFAT directory operations: lookup, create (files and directories),
 * unlink, rmdir and rename, with Linux's vfat semantics: names are
 * matched without regard to ASCII case, against long names and short
 * aliases; the mode given to create is ignored (permissions come from
 * the mount options); hard links and symbolic links are refused (EPERM).
 * The VFS holds the directories' locks.
 */
#include "fat.h"
#include <core/kmalloc.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

/* A short-entry template for a new entry (name filled in later). */
static void new_dirent(u8 *de, u8 attr, u32 start)
{
	struct timespec64 now = vfs_now();
	u16 date, time;
	u8 cs;

	memset(de, 0, FAT_DIRENT_SIZE);
	memset(de, ' ', 11);
	de[11] = attr;
	fat_time_from_unix(now.sec, &date, &time, &cs);
	de[13] = (u8)(cs + now.nsec / 10000000);
	de[14] = de[22] = (u8)time;
	de[15] = de[23] = (u8)(time >> 8);
	de[16] = de[18] = de[24] = (u8)date;
	de[17] = de[19] = de[25] = (u8)(date >> 8);
	fat_de_set_start(de, start);
}

int fat_lookup(struct inode *dir, const char *name, struct inode **out)
{
	struct fat_sb *sbi = FSB(dir);
	struct fat_slot *slot;
	int err;

	if (!strcmp(name, ".") || !strcmp(name, "..")) {
		*out = !strcmp(name, ".") ? dir : FI(dir)->parent;
		inode_get(*out);
		return 0;
	}
	slot = kmalloc(sizeof(*slot));
	if (!slot)
		return -ENOMEM;
	mutex_lock(&sbi->lock);
	err = fat_dir_find(sbi, FI(dir), name, strlen(name), slot);
	if (!err)
		err = fat_iget(sbi, dir, slot, out);
	mutex_unlock(&sbi->lock);
	kfree(slot);
	return err;
}

/* Start the cluster of a new directory with its "." and ".." entries. */
static int init_dir_cluster(struct fat_sb *sbi, struct fat_inode *dir, u32 c)
{
	u64 sector = fat_cluster_sector(&sbi->g, c);
	struct buffer_head *bh = bcache_read(sbi->bdev, sector, sbi->g.sector_size);
	u8 *de;
	u32 parent_start = dir->vfs.ino == FAT_ROOT_INO ? 0 : dir->start;

	if (IS_ERR(bh))
		return PTR_ERR(bh);
	de = bh->data;
	new_dirent(de, FAT_ATTR_DIR, c);
	de[0] = '.';
	new_dirent(de + FAT_DIRENT_SIZE, FAT_ATTR_DIR, parent_start);
	de[FAT_DIRENT_SIZE] = de[FAT_DIRENT_SIZE + 1] = '.';
	bcache_mark_dirty(bh);
	bcache_release(bh);
	return 0;
}

int fat_create(struct inode *dir, const char *name, u32 mode, u32 rdev, struct inode **out)
{
	struct fat_sb *sbi = FSB(dir);
	struct fat_inode tmp = { 0 };
	struct fat_slot *slot;
	struct inode *ino = NULL;
	u8 de[FAT_DIRENT_SIZE];
	size_t len;
	int err;

	(void)rdev;
	if (!S_ISREG(mode) && !S_ISDIR(mode))
		return -EPERM;	/* no device nodes, fifos or sockets on FAT */
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return -EEXIST;
	err = fat_check_name(name, &len);
	if (err)
		return err;
	if (len > FAT_NAME_UTF8_MAX)
		return -ENAMETOOLONG;
	slot = kmalloc(sizeof(*slot));
	if (!slot)
		return -ENOMEM;
	mutex_lock(&sbi->lock);
	err = fat_dir_find(sbi, FI(dir), name, len, slot);
	if (!err)
		err = -EEXIST;
	else if (err == -ENOENT)
		err = 0;
	if (!err && S_ISDIR(mode)) {
		/* The new directory's first cluster, with "." and "..". */
		err = fat_grow(sbi, &tmp, 1, 0, 0, true);
		if (!err)
			err = init_dir_cluster(sbi, FI(dir), tmp.start);
	}
	if (!err) {
		new_dirent(de, S_ISDIR(mode) ? FAT_ATTR_DIR : FAT_ATTR_ARCH, tmp.start);
		err = fat_dir_add(sbi, FI(dir), name, len, de, slot);
	}
	if (!err)
		err = fat_iget(sbi, dir, slot, &ino);
	if (err && tmp.start) {
		fat_flush_meta_chain(sbi, tmp.start);
		fat_free_chain(sbi, tmp.start);
	}
	mutex_unlock(&sbi->lock);
	kfree(slot);
	if (err)
		return err;
	if (S_ISDIR(mode))
		dir->nlink++;
	inode_touch(dir, true);
	if (out)
		*out = ino;
	else
		inode_put(ino);
	return 0;
}

/* Remove the entry in slot (its inode is ino, referenced): the inode
 * loses its number and, at its last reference, its clusters. */
static int remove_entry(struct fat_sb *sbi, struct inode *dir, struct fat_slot *slot,
			struct inode *ino)
{
	int err = fat_dir_remove(sbi, FI(dir), slot);

	if (err)
		return err;
	fat_rehash(sbi, ino, 0);
	if (S_ISDIR(ino->mode)) {
		dir->nlink--;
		ino->nlink = 0;
	} else {
		ino->nlink = 0;
	}
	return 0;
}

/* May the entry of ino be removed (rmdir or not)? */
static int check_remove(struct fat_sb *sbi, struct inode *ino, bool rmdir)
{
	int r;

	if (rmdir) {
		if (!S_ISDIR(ino->mode))
			return -ENOTDIR;
		if (READ_ONCE(ino->mounted))
			return -EBUSY;
		r = fat_dir_empty(sbi, FI(ino));
		return r < 0 ? r : r ? 0 : -ENOTEMPTY;
	}
	return S_ISDIR(ino->mode) ? -EISDIR : 0;
}

int fat_unlink(struct inode *dir, const char *name, bool rmdir)
{
	struct fat_sb *sbi = FSB(dir);
	struct fat_slot *slot = kmalloc(sizeof(*slot));
	struct inode *ino = NULL;
	int err;

	if (!slot)
		return -ENOMEM;
	mutex_lock(&sbi->lock);
	err = fat_dir_find(sbi, FI(dir), name, strlen(name), slot);
	if (!err)
		err = fat_iget(sbi, dir, slot, &ino);
	if (!err)
		err = check_remove(sbi, ino, rmdir);
	if (!err)
		err = remove_entry(sbi, dir, slot, ino);
	mutex_unlock(&sbi->lock);
	kfree(slot);
	if (!err) {
		inode_touch(dir, true);
		inode_touch(ino, false);
	}
	if (ino)
		inode_put(ino);	/* the last one frees the clusters */
	return err;
}

/* Is a an ancestor of d (or d itself)? */
static bool is_ancestor(struct inode *a, struct inode *d)
{
	for (int depth = 0; depth < 4096; depth++) {
		if (d == a)
			return true;
		if (!FI(d)->parent || FI(d)->parent == d)
			return false;
		d = FI(d)->parent;
	}
	return true;
}

/* Point the ".." entry of directory ino at ndir. */
static int set_dotdot(struct fat_sb *sbi, struct inode *ino, struct inode *ndir)
{
	struct fat_slot *s = kmalloc(sizeof(*s));
	u64 pos = 0, i_pos;
	int r;

	if (!s)
		return -ENOMEM;
	while ((r = fat_dir_next(sbi, FI(ino), &pos, s)) > 0)
		if (!memcmp(s->de, "..         ", 11))
			break;
	if (r > 0) {
		r = fat_dir_pos(sbi, FI(ino), s->sde_off, &i_pos);
		if (!r) {
			fat_de_set_start(s->de, ndir->ino == FAT_ROOT_INO ? 0 : FI(ndir)->start);
			r = fat_dirent_write(sbi, i_pos, s->de);
		}
	} else if (!r) {
		fat_err(sbi, "directory without \"..\" (i_pos %llu)",
			(unsigned long long)FI(ino)->i_pos);
		r = -EUCLEAN;
	}
	kfree(s);
	return r;
}

/* Make dir (one of two exchanged) the child of parent under name. */
static void reparent(struct inode *dir, struct inode *parent, const char *name)
{
	struct fat_inode *fi = FI(dir);
	size_t len = strlen(name);
	char *copy = kmalloc(len + 1);

	if (copy) {
		memcpy(copy, name, len + 1);
		kfree(fi->name);
		fi->name = copy;
	}
	if (fi->parent != parent) {
		inode_get(parent);
		inode_put(fi->parent);	/* not the last: the caller holds both directories */
		fi->parent = parent;
	}
}

/* RENAME_EXCHANGE: the two entries trade everything but their names. */
static int rename_exchange(struct inode *odir, const char *oname, struct inode *ndir,
			   const char *nname)
{
	struct fat_sb *sbi = FSB(odir);
	struct fat_slot *a = kmalloc(sizeof(*a)), *b = kmalloc(sizeof(*b));
	struct inode *ia = NULL, *ib = NULL;
	u8 da[FAT_DIRENT_SIZE], db[FAT_DIRENT_SIZE];
	u64 pa = 0, pb = 0;
	int err = a && b ? 0 : -ENOMEM;

	if (!err) {
		mutex_lock(&sbi->lock);
		err = fat_dir_find(sbi, FI(odir), oname, strlen(oname), a);
		if (!err)
			err = fat_iget(sbi, odir, a, &ia);
		if (!err)
			err = fat_dir_find(sbi, FI(ndir), nname, strlen(nname), b);
		if (!err)
			err = fat_iget(sbi, ndir, b, &ib);
		if (!err && ia != ib &&
		    ((S_ISDIR(ia->mode) && odir != ndir && is_ancestor(ia, ndir)) ||
		     (S_ISDIR(ib->mode) && odir != ndir && is_ancestor(ib, odir))))
			err = -EINVAL;
		if (!err && ia != ib) {
			pa = FI(ia)->i_pos;
			pb = FI(ib)->i_pos;
			memcpy(da, a->de, FAT_DIRENT_SIZE);
			memcpy(db, b->de, FAT_DIRENT_SIZE);
			fat_fill_dirent(ia, da);
			fat_fill_dirent(ib, db);
			/* Each position keeps its name and takes the other's file. */
			memcpy(da, b->de, 11);
			da[12] = b->de[12];
			memcpy(db, a->de, 11);
			db[12] = a->de[12];
			err = fat_dirent_write(sbi, pb, da);
			if (!err)
				err = fat_dirent_write(sbi, pa, db);
		}
		if (!err && ia != ib) {
			fat_rehash(sbi, ia, pb);
			fat_rehash(sbi, ib, pa);
			if (odir != ndir && S_ISDIR(ia->mode))
				err = set_dotdot(sbi, ia, ndir);
			if (!err && odir != ndir && S_ISDIR(ib->mode))
				err = set_dotdot(sbi, ib, odir);
		}
		mutex_unlock(&sbi->lock);
	}
	if (!err && ia != ib) {
		if (S_ISDIR(ia->mode))
			reparent(ia, ndir, b->name);
		if (S_ISDIR(ib->mode))
			reparent(ib, odir, a->name);
		if (S_ISDIR(ia->mode) != S_ISDIR(ib->mode) && odir != ndir) {
			struct inode *gains = S_ISDIR(ia->mode) ? ndir : odir;
			struct inode *loses = gains == ndir ? odir : ndir;

			gains->nlink++;
			loses->nlink--;
		}
		inode_touch(odir, true);
		inode_touch(ndir, true);
		inode_touch(ia, false);
		inode_touch(ib, false);
	}
	if (ia)
		inode_put(ia);
	if (ib)
		inode_put(ib);
	kfree(a);
	kfree(b);
	return err;
}

int fat_rename(struct inode *odir, const char *oname, struct inode *ndir, const char *nname,
	       unsigned int flags)
{
	struct fat_sb *sbi = FSB(odir);
	struct fat_slot *src = kmalloc(sizeof(*src)), *dst = kmalloc(sizeof(*dst));
	struct inode *ino = NULL, *victim = NULL;
	char *newname = NULL, *oldname = NULL;
	u8 de[FAT_DIRENT_SIZE];
	u64 i_pos;
	size_t len;
	int err;

	if (!src || !dst) {
		err = -ENOMEM;
		goto out_free;
	}
	if (flags == RENAME_EXCHANGE) {
		kfree(src);
		kfree(dst);
		return rename_exchange(odir, oname, ndir, nname);
	}
	if (flags & ~RENAME_NOREPLACE) {
		err = -EINVAL;	/* RENAME_WHITEOUT, or EXCHANGE with NOREPLACE */
		goto out_free;
	}
	err = fat_check_name(nname, &len);
	if (err)
		goto out_free;
	mutex_lock(&sbi->lock);
	err = fat_dir_find(sbi, FI(odir), oname, strlen(oname), src);
	if (!err)
		err = fat_iget(sbi, odir, src, &ino);
	if (err)
		goto out_unlock;
	err = fat_dir_find(sbi, FI(ndir), nname, len, dst);
	if (!err) {
		err = fat_iget(sbi, ndir, dst, &victim);
		if (err)
			goto out_unlock;
		if (victim == ino) {
			/* The same entry: a change of case, or nothing. */
			inode_put(victim);	/* not the last: ino holds it */
			victim = NULL;
			if (odir == ndir && len == strlen(oname) && !memcmp(src->name, nname, len))
				goto out_unlock;
		} else if (flags & RENAME_NOREPLACE) {
			err = -EEXIST;
		} else if (S_ISDIR(ino->mode) && !S_ISDIR(victim->mode)) {
			err = -ENOTDIR;
		} else if (!S_ISDIR(ino->mode) && S_ISDIR(victim->mode)) {
			err = -EISDIR;
		} else {
			err = S_ISDIR(victim->mode) ? check_remove(sbi, victim, true) : 0;
		}
	} else if (err == -ENOENT) {
		err = 0;
	}
	if (!err && S_ISDIR(ino->mode) && odir != ndir && is_ancestor(ino, ndir))
		err = -EINVAL;
	if (!err && S_ISDIR(ino->mode)) {
		newname = kmalloc(len + 1);
		if (!newname)
			err = -ENOMEM;
	}
	if (err)
		goto out_unlock;
	/* Drop the entry replaced, then add the new one and drop the old. */
	if (victim) {
		err = remove_entry(sbi, ndir, dst, victim);
		if (err)
			goto out_unlock;
	}
	memcpy(de, src->de, FAT_DIRENT_SIZE);
	fat_fill_dirent(ino, de);
	err = fat_dir_add(sbi, FI(ndir), nname, len, de, dst);
	if (!err)
		err = fat_dir_pos(sbi, FI(ndir), dst->sde_off, &i_pos);
	if (!err)
		err = fat_dir_remove(sbi, FI(odir), src);
	if (err)
		goto out_unlock;
	fat_rehash(sbi, ino, i_pos);
	if (S_ISDIR(ino->mode)) {
		if (odir != ndir)
			err = set_dotdot(sbi, ino, ndir);
		memcpy(newname, nname, len);
		newname[len] = 0;
		oldname = FI(ino)->name;
		FI(ino)->name = newname;
		newname = NULL;
	}
out_unlock:
	mutex_unlock(&sbi->lock);
	if (!err && ino && S_ISDIR(ino->mode) && odir != ndir) {
		odir->nlink--;
		ndir->nlink++;
		inode_get(ndir);
		FI(ino)->parent = ndir;
		inode_put(odir);	/* the caller still holds odir */
	}
	if (!err && ino) {
		inode_touch(odir, true);
		if (ndir != odir)
			inode_touch(ndir, true);
		inode_touch(ino, false);
	}
	if (victim) {
		if (!err)
			inode_touch(victim, false);
		inode_put(victim);
	}
	if (ino)
		inode_put(ino);
	kfree(newname);
	kfree(oldname);
out_free:
	kfree(src);
	kfree(dst);
	return err;
}
