/*
 * ext4 name operations (inode_ops): lookup, create (files, directories,
 * devices), link, unlink and rmdir, symlink (up to 59 bytes in i_block,
 * longer ones in a block), rename with RENAME_NOREPLACE and
 * RENAME_EXCHANGE, readlink, and the parent and name of a directory for
 * getcwd (a directory keeps its parent referenced, as tmpfs does).
 *
 * The VFS holds the directories' inode.lock (both, in rename; rename
 * locks the directories it moves too: lock_children).
 */
#include "ext4.h"
#include <kernel/cred.h>
#include <core/kmalloc.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

#define EXT4_LINK_MAX 65000
#define CREDITS (16 + EXT4_DX_ADD_CREDITS)

void ext4_set_parent(struct inode *dir, struct inode *parent, const char *name)
{
	struct ext4_inode *ei = EXT4_I(dir);
	struct ext4_fs *fs = ei->fs;
	size_t len = strlen(name);
	char *copy = kmalloc(len + 1);
	struct inode *old;
	char *old_name;

	if (!copy)
		return;	/* getcwd will not know the name: ENOMEM-like, not fatal */
	memcpy(copy, name, len + 1);
	inode_get(parent);
	spin_lock(&fs->name_lock);
	old = ei->parent;
	old_name = ei->dname;
	ei->parent = parent;
	ei->dname = copy;
	spin_unlock(&fs->name_lock);
	if (old && old != dir)
		inode_put(old);
	kfree(old_name);
}

bool ext4_dir_name(struct inode *dir, struct inode **parent, char *name, size_t size)
{
	struct ext4_inode *ei = EXT4_I(dir);
	bool ok = false;

	if (dir->ops != &ext4_file_iops || !S_ISDIR(dir->mode))
		return false;
	spin_lock(&ei->fs->name_lock);
	if (ei->parent && ei->dname) {
		*parent = ei->parent;
		strscpy(name, ei->dname, size);
		ok = true;
	}
	spin_unlock(&ei->fs->name_lock);
	return ok;
}

int ext4_lookup(struct inode *dir, const char *name, struct inode **out)
{
	struct ext4_inode *d = EXT4_I(dir);
	struct ext4_fs *fs = d->fs;
	struct inode *ino;
	u32 nr;
	u8 type;
	int err;

	if (!strcmp(name, ".")) {
		inode_get(dir);
		*out = dir;
		return 0;
	}
	if (!strcmp(name, "..")) {
		spin_lock(&fs->name_lock);
		ino = d->parent;
		if (ino)
			inode_get(ino);
		spin_unlock(&fs->name_lock);
		if (ino) {
			*out = ino;
			return 0;
		}
		if (dir->ino == EXT4_ROOT_INO) {
			inode_get(dir);
			*out = dir;
			return 0;
		}
	}
	err = ext4_dir_find(d, name, &nr, &type);
	if (err)
		return err;
	err = ext4_iget(fs, nr, &ino);
	if (err)
		return err;
	if (S_ISDIR(ino->mode) && strcmp(name, "..") && !EXT4_I(ino)->parent &&
	    ino->ino != EXT4_ROOT_INO)
		ext4_set_parent(ino, dir, name);
	*out = ino;
	return 0;
}

static int check_name(struct inode *dir, const char *name)
{
	u32 nr;
	u8 type;
	int err;

	if (ext4_is_ro(EXT4_FS(dir)))
		return -EROFS;
	if (!dir->nlink)
		return -ENOENT;	/* removed (Linux's IS_DEADDIR): nothing new links to it */
	if (strlen(name) > NAME_MAX)
		return -ENAMETOOLONG;
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return -EEXIST;
	err = ext4_dir_find(EXT4_I(dir), name, &nr, &type);
	return err == -ENOENT ? 0 : err ? err : -EEXIST;
}

/* Undo a new inode that could not be linked: links 0, freed at its put. */
static void discard_new(struct inode *ino)
{
	ino->nlink = 0;
	inode_put(ino);
}

static int create_once(struct inode *dir, const char *name, u32 mode, u32 rdev,
		       struct inode **out)
{
	struct ext4_fs *fs = EXT4_FS(dir);
	struct ext4_handle *h;
	struct inode *ino;
	int err = check_name(dir, name), e;

	if (err)
		return err;
	if (S_ISDIR(mode) && dir->nlink >= EXT4_LINK_MAX)
		return -EMLINK;
	h = ext4_journal_start(fs, CREDITS);
	if (IS_ERR(h))
		return PTR_ERR(h);
	ino = ext4_new_inode(h, dir, mode);
	if (IS_ERR(ino)) {
		ext4_journal_stop(h);
		return PTR_ERR(ino);
	}
	if (S_ISCHR(mode) || (mode & S_IFMT) == 0060000) {
		u32 ma = MAJOR(rdev), mi = MINOR(rdev);

		ino->rdev = rdev;
		if (ma < 256 && mi < 256) {
			ext4_put32(EXT4_I(ino)->iblock, ma << 8 | mi);
		} else {
			ext4_put32(EXT4_I(ino)->iblock, 0);
			ext4_put32(EXT4_I(ino)->iblock + 4, (mi & 0xff) | ma << 8 | (mi & ~0xffu) << 12);
		}
	}
	if (S_ISDIR(mode)) {
		ino->nlink = 2;
		err = ext4_dir_create(h, EXT4_I(ino), (u32)dir->ino);
	} else {
		ino->nlink = 1;
	}
	if (!err)
		err = ext4_inode_save(h, EXT4_I(ino));
	if (!err)
		err = ext4_dir_add(h, EXT4_I(dir), name, (u32)ino->ino, mode);
	if (!err) {
		if (S_ISDIR(mode))
			dir->nlink++;
		inode_touch(dir, true);
		err = ext4_inode_save(h, EXT4_I(dir));
	}
	e = ext4_journal_stop(h);
	if (!err)
		err = e;
	if (err) {
		discard_new(ino);
		return err;
	}
	if (S_ISDIR(mode))
		ext4_set_parent(ino, dir, name);
	if (out)
		*out = ino;
	else
		inode_put(ino);
	return 0;
}

/*
 * create, link and symlink allocate blocks (a directory's, a symlink's, a
 * directory that grows): after ENOSPC, when freed blocks wait for a
 * commit, commit and try again (as Linux's ext4_mkdir and the others).
 * A failed try leaves nothing behind.
 */
int ext4_create(struct inode *dir, const char *name, u32 mode, u32 rdev, struct inode **out)
{
	int retries = 0, err;

	do
		err = create_once(dir, name, mode, rdev, out);
	while (err == -ENOSPC && ext4_should_retry_alloc(EXT4_FS(dir), &retries));
	return err;
}

static int link_once(struct inode *dir, const char *name, struct inode *target)
{
	struct ext4_handle *h;
	int err = check_name(dir, name), e;

	if (err)
		return err;
	if (S_ISDIR(target->mode))
		return -EPERM;
	if (target->nlink >= EXT4_LINK_MAX)
		return -EMLINK;
	h = ext4_journal_start(EXT4_FS(dir), CREDITS);
	if (IS_ERR(h))
		return PTR_ERR(h);
	err = ext4_dir_add(h, EXT4_I(dir), name, (u32)target->ino, target->mode);
	if (!err) {
		target->nlink++;
		inode_touch(target, false);
		inode_touch(dir, true);
		err = ext4_inode_save(h, EXT4_I(target));
		if (!err)
			err = ext4_inode_save(h, EXT4_I(dir));
	}
	e = ext4_journal_stop(h);
	return err ? err : e;
}

/* In a sticky directory only the owner of the entry or of the directory,
 * or root, may remove or replace it. */
static bool sticky_denies(struct inode *dir, struct inode *ino)
{
	u32 fsuid = current_cred()->fsuid;

	return (dir->mode & 01000) && fsuid && fsuid != ino->uid && fsuid != dir->uid;
}

/* Can victim (found in dir) be removed, as a directory if rmdir? A
 * directory victim's inode.lock is held (rename) or taken here (locked). */
static int __may_remove(struct inode *dir, struct inode *victim, bool rmdir, bool locked)
{
	int empty;

	if (sticky_denies(dir, victim))
		return -EPERM;
	if (!rmdir)
		return S_ISDIR(victim->mode) ? -EISDIR : 0;
	if (!S_ISDIR(victim->mode))
		return -ENOTDIR;
	if (READ_ONCE(victim->mounted))
		return -EBUSY;
	if (!locked)
		mutex_lock(&victim->lock);
	empty = ext4_dir_is_empty(EXT4_I(victim));
	if (!locked)
		mutex_unlock(&victim->lock);
	return empty < 0 ? empty : empty ? 0 : -ENOTEMPTY;
}

static int may_remove(struct inode *dir, struct inode *victim, bool rmdir)
{
	return __may_remove(dir, victim, rmdir, false);
}

/* Drop victim's link from dir (entry already gone); h running. */
static int drop_link(struct ext4_handle *h, struct inode *dir, struct inode *victim)
{
	int err;

	if (S_ISDIR(victim->mode)) {
		victim->nlink = 0;
		if (dir->nlink > 2)
			dir->nlink--;
	} else if (victim->nlink) {
		victim->nlink--;
	}
	inode_touch(victim, false);
	inode_touch(dir, true);
	/* Still open maybe: on the orphan list until ext4_evict frees it, so
	 * that a crash before then leaves it for the next mount to free. */
	err = victim->nlink ? 0 : ext4_orphan_add(h, EXT4_I(victim));
	if (!err)
		err = ext4_inode_save(h, EXT4_I(victim));
	if (!err)
		err = ext4_inode_save(h, EXT4_I(dir));
	return err;
}

int ext4_unlink(struct inode *dir, const char *name, bool rmdir)
{
	struct ext4_fs *fs = EXT4_FS(dir);
	struct ext4_handle *h;
	struct inode *victim;
	int err, e;

	if (ext4_is_ro(fs))
		return -EROFS;
	err = ext4_lookup(dir, name, &victim);
	if (err)
		return err;
	err = may_remove(dir, victim, rmdir);
	if (err) {
		inode_put(victim);
		return err;
	}
	h = ext4_journal_start(fs, CREDITS);
	if (IS_ERR(h)) {
		inode_put(victim);
		return PTR_ERR(h);
	}
	err = ext4_dir_remove(h, EXT4_I(dir), name);
	if (!err)
		err = drop_link(h, dir, victim);
	e = ext4_journal_stop(h);
	inode_put(victim);	/* the last put frees it if it has no links left */
	return err ? err : e;
}

int ext4_link(struct inode *dir, const char *name, struct inode *target)
{
	int retries = 0, err;

	do
		err = link_once(dir, name, target);
	while (err == -ENOSPC && ext4_should_retry_alloc(EXT4_FS(dir), &retries));
	return err;
}

static int symlink_once(struct inode *dir, const char *name, const char *target)
{
	struct ext4_fs *fs = EXT4_FS(dir);
	size_t len = strlen(target);
	struct ext4_handle *h;
	struct inode *ino;
	struct ext4_inode *ei;
	int err = check_name(dir, name), e;

	if (err)
		return err;
	if (!len)
		return -ENOENT;
	if (len >= fs->g.block_size || len >= PATH_MAX)
		return -ENAMETOOLONG;
	h = ext4_journal_start(fs, CREDITS);
	if (IS_ERR(h))
		return PTR_ERR(h);
	ino = ext4_new_inode(h, dir, S_IFLNK | 0777);
	if (IS_ERR(ino)) {
		ext4_journal_stop(h);
		return PTR_ERR(ino);
	}
	ei = EXT4_I(ino);
	ino->nlink = 1;
	ino->size = len;
	if (len < EXT4_IBLOCK_SIZE) {
		memcpy(ei->iblock, target, len);	/* a fast symlink */
	} else {
		struct buffer_head *bh;
		u64 pblk;
		u32 run;

		ei->flags = EXT4_EXTENTS_FL;
		ext4_ext_node_init(ei->iblock, EXT4_IBLOCK_SIZE, true, 0);
		mutex_lock(&ei->map_lock);
		err = ext4_map_alloc(h, ei, 0, 1, false);
		if (!err)
			err = ext4_map_lookup(ei, 0, &pblk, &run);
		mutex_unlock(&ei->map_lock);
		if (!err) {
			bh = bcache_get(fs->bdev, pblk, fs->g.block_size);
			err = IS_ERR(bh) ? PTR_ERR(bh) : 0;
		}
		if (!err) {
			memset(bh->data, 0, fs->g.block_size);
			memcpy(bh->data, target, len);
			bcache_mark_dirty(bh);	/* data, not metadata: not journaled */
			err = bcache_write(bh);
			bcache_release(bh);
		}
	}
	if (!err)
		err = ext4_inode_save(h, ei);
	if (!err)
		err = ext4_dir_add(h, EXT4_I(dir), name, (u32)ino->ino, ino->mode);
	if (!err) {
		inode_touch(dir, true);
		err = ext4_inode_save(h, EXT4_I(dir));
	}
	e = ext4_journal_stop(h);
	if (!err)
		err = e;
	if (err)
		discard_new(ino);
	else
		inode_put(ino);
	return err;
}

int ext4_symlink(struct inode *dir, const char *name, const char *target)
{
	int retries = 0, err;

	do
		err = symlink_once(dir, name, target);
	while (err == -ENOSPC && ext4_should_retry_alloc(EXT4_FS(dir), &retries));
	return err;
}

int ext4_readlink(struct inode *ino, char *buf, size_t size)
{
	struct ext4_inode *ei = EXT4_I(ino);
	struct ext4_fs *fs = ei->fs;
	size_t n = MIN(size, ino->size);
	struct buffer_head *bh;
	u64 pblk;
	u32 run;
	int err;

	if (!S_ISLNK(ino->mode))
		return -EINVAL;
	if (ino->size >= fs->g.block_size)
		return ext4_corrupt(fs, "symlink %lu too long", (unsigned long)ino->ino);
	if (!(ei->flags & EXT4_EXTENTS_FL) || ei->flags & EXT4_INLINE_DATA_FL) {
		if (ino->size >= EXT4_IBLOCK_SIZE)
			return ext4_corrupt(fs, "fast symlink %lu too long",
					    (unsigned long)ino->ino);
		memcpy(buf, ei->iblock, n);
		return (int)n;
	}
	mutex_lock(&ei->map_lock);
	err = ext4_map_lookup(ei, 0, &pblk, &run);
	mutex_unlock(&ei->map_lock);
	if (err)
		return err;
	if (!pblk)
		return ext4_corrupt(fs, "symlink %lu has no block", (unsigned long)ino->ino);
	bh = bcache_read(fs->bdev, pblk, fs->g.block_size);
	if (IS_ERR(bh))
		return PTR_ERR(bh);
	memcpy(buf, bh->data, n);
	bcache_release(bh);
	return (int)n;
}

/* Is a an ancestor of (or equal to) d, following the parent pointers? */
static bool is_ancestor(struct inode *a, struct inode *d)
{
	struct ext4_fs *fs = EXT4_FS(d);
	bool found = false;

	spin_lock(&fs->name_lock);
	for (int depth = 0; depth < 4096 && d; depth++) {
		if (d == a) {
			found = true;
			break;
		}
		d = EXT4_I(d)->parent;
	}
	spin_unlock(&fs->name_lock);
	return found;
}

/* A directory moved from odir to ndir: its "..", the link counts. */
static int move_dir(struct ext4_handle *h, struct inode *ino, struct inode *odir,
		    struct inode *ndir)
{
	int err;

	if (odir == ndir)
		return 0;
	err = ext4_dir_set_dotdot(h, EXT4_I(ino), (u32)ndir->ino);
	if (err)
		return err;
	if (odir->nlink > 2)
		odir->nlink--;
	ndir->nlink++;
	return 0;
}

/*
 * rename locks, besides the two parents the VFS holds, the directories it
 * changes inside: a directory moved to another parent (its ".." entry and
 * link count, in its block 0, which creates in it also rewrite) and a
 * directory replaced (so nothing is created in it once found empty) or
 * exchanged across parents. The order is parent before child, as
 * may_remove and Linux's vfs_rename. Neither child is an ancestor of
 * either parent (checked before), and any other task that holds one of
 * them while it waits for a second directory is a cross-directory rename,
 * which the VFS serializes (renameat2's rename_mutex) before it locks
 * anything: so no cycle. Two children: by address. locked[] gets what
 * was locked (NULL where nothing), in order.
 */
static void lock_children(struct inode *a, struct inode *b, struct inode *locked[2])
{
	if (a && b && b < a) {
		struct inode *t = a;

		a = b;
		b = t;
	}
	if (!a) {
		a = b;
		b = NULL;
	}
	locked[0] = a;
	locked[1] = b;
	if (a)
		mutex_lock(&a->lock);
	if (b)
		mutex_lock(&b->lock);
}

int ext4_rename(struct inode *odir, const char *oname, struct inode *ndir, const char *nname,
		unsigned int flags)
{
	struct ext4_fs *fs = EXT4_FS(odir);
	struct inode *src, *dst = NULL, *locked[2], *wh = NULL;
	struct ext4_handle *h;
	int err, e;

	if (ext4_is_ro(fs))
		return -EROFS;
	if ((flags & RENAME_WHITEOUT) && (flags & RENAME_EXCHANGE))
		return -EINVAL;
	if (strlen(nname) > NAME_MAX)
		return -ENAMETOOLONG;
	if ((flags & RENAME_EXCHANGE) && (flags & RENAME_NOREPLACE))
		return -EINVAL;
	if (!ndir->nlink || !odir->nlink)
		return -ENOENT;	/* a removed directory (Linux's IS_DEADDIR) */
	err = ext4_lookup(odir, oname, &src);
	if (err)
		return err;
	err = ext4_lookup(ndir, nname, &dst);
	if (err == -ENOENT) {
		dst = NULL;
		err = (flags & RENAME_EXCHANGE) ? -ENOENT : 0;
	}
	if (err)
		goto out;
	err = -EPERM;
	if (sticky_denies(odir, src) || (dst && sticky_denies(ndir, dst)))
		goto out;
	err = -EEXIST;
	if (dst && (flags & RENAME_NOREPLACE))
		goto out;
	err = 0;
	if (dst == src)
		goto out;	/* two links to one file: nothing to do */
	err = -EINVAL;
	if (S_ISDIR(src->mode) && odir != ndir && is_ancestor(src, ndir))
		goto out;
	if ((flags & RENAME_EXCHANGE) && S_ISDIR(dst->mode) && odir != ndir &&
	    is_ancestor(dst, odir))
		goto out;
	/* Directories whose "..": changes, and a directory replaced (it must
	 * stay empty): locked, after their parents (see lock_children). */
	lock_children(S_ISDIR(src->mode) && odir != ndir ? src : NULL,
		      dst && S_ISDIR(dst->mode) && (odir != ndir || !(flags & RENAME_EXCHANGE))
		      ? dst : NULL, locked);
	if (dst && !(flags & RENAME_EXCHANGE)) {
		err = S_ISDIR(src->mode) ? (S_ISDIR(dst->mode) ? 0 : -ENOTDIR)
					 : (S_ISDIR(dst->mode) ? -EISDIR : 0);
		if (!err)
			err = __may_remove(ndir, dst, S_ISDIR(dst->mode), true);
		if (err)
			goto out_unlock;
	}
	if (S_ISDIR(src->mode) && odir != ndir && !dst && ndir->nlink >= EXT4_LINK_MAX) {
		err = -EMLINK;
		goto out_unlock;
	}
	h = ext4_journal_start(fs, 3 * CREDITS);
	if (IS_ERR(h)) {
		err = PTR_ERR(h);
		goto out_unlock;
	}
	err = 0;
	if (flags & RENAME_WHITEOUT) {
		/* The old name is left to a whiteout: a character device 0:0,
		 * made in the same transaction (overlayfs's mark, as Linux). */
		wh = ext4_new_inode(h, odir, S_IFCHR);
		if (IS_ERR(wh)) {
			err = PTR_ERR(wh);
			wh = NULL;
			ext4_journal_stop(h);
			goto out_unlock;
		}
		wh->rdev = 0;
		wh->nlink = 1;
		ext4_put32(EXT4_I(wh)->iblock, 0);
		err = ext4_inode_save(h, EXT4_I(wh));
	}
	if (!err && (flags & RENAME_EXCHANGE)) {
		err = ext4_dir_set(h, EXT4_I(odir), oname, (u32)dst->ino, dst->mode);
		if (!err)
			err = ext4_dir_set(h, EXT4_I(ndir), nname, (u32)src->ino, src->mode);
		if (!err && S_ISDIR(src->mode))
			err = move_dir(h, src, odir, ndir);
		if (!err && S_ISDIR(dst->mode))
			err = move_dir(h, dst, ndir, odir);
	} else if (!err) {
		if (dst) {
			err = ext4_dir_set(h, EXT4_I(ndir), nname, (u32)src->ino, src->mode);
			if (!err)
				err = drop_link(h, ndir, dst);
		} else {
			err = ext4_dir_add(h, EXT4_I(ndir), nname, (u32)src->ino, src->mode);
		}
		if (!err)
			err = wh ? ext4_dir_set(h, EXT4_I(odir), oname, (u32)wh->ino, wh->mode)
				 : ext4_dir_remove(h, EXT4_I(odir), oname);
		if (!err && S_ISDIR(src->mode))
			err = move_dir(h, src, odir, ndir);
	}
	if (!err) {
		inode_touch(src, false);
		inode_touch(odir, true);
		inode_touch(ndir, true);
		err = ext4_inode_save(h, EXT4_I(src));
		if (!err && dst)
			err = ext4_inode_save(h, EXT4_I(dst));
		if (!err)
			err = ext4_inode_save(h, EXT4_I(odir));
		if (!err && ndir != odir)
			err = ext4_inode_save(h, EXT4_I(ndir));
	}
	e = ext4_journal_stop(h);
	if (!err)
		err = e;
	if (wh) {
		if (err)
			discard_new(wh);
		else
			inode_put(wh);
	}
	if (!err) {
		if (S_ISDIR(src->mode))
			ext4_set_parent(src, ndir, nname);
		if ((flags & RENAME_EXCHANGE) && S_ISDIR(dst->mode))
			ext4_set_parent(dst, odir, oname);
	}
out_unlock:
	for (int i = 1; i >= 0; i--)
		if (locked[i])
			mutex_unlock(&locked[i]->lock);
out:
	if (dst)
		inode_put(dst);
	inode_put(src);
	return err;
}
