/*
 * tmpfs: files, directories and links that live in memory. A directory
 * is a list of named entries, each holding a reference on its inode, and
 * knows its own name and parent (for ".." and getcwd). A file's data
 * lives only in its page cache (a cache with no backing store: pages are
 * made as they are written, holes read as zeros, nothing is evicted),
 * charged to the instance's size= limit.
 */
#include "tmpfs_internal.h"
#include <kernel/cred.h>
#include <kernel/simple_xattr.h>
#include <core/kmalloc.h>
#include <core/mm.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

struct tmpfs_dirent {
	struct list_head link;
	struct inode *ino;
	char name[NAME_MAX + 1];
};

struct tmpfs_inode {
	struct inode vfs;
	struct list_head entries;	/* directory: tmpfs_dirent */
	unsigned long nentries;
	struct inode *parent;		/* directory: holds a reference (none for the root) */
	char name[NAME_MAX + 1];	/* directory: its name in parent */
	char *target;			/* symlink */
	struct tmpfs_sb_info *sbi;	/* [I] the instance, referenced */
	struct list_head xattrs;	/* [lock] extended attributes (simple_xattr.h) */
};

static const struct inode_ops tmpfs_ops;
extern const struct file_ops tmpfs_file_ops, tmpfs_dir_ops;
static atomic_long_t next_ino = { 1 };

unsigned long tmpfs_pages(void)
{
	return page_cache_memory_pages();
}

static struct tmpfs_inode *T(struct inode *i) { return container_of(i, struct tmpfs_inode, vfs); }

/* The page cache's charge hook: data pages count against size=. */
static int charge_pages(struct inode *ino, long n)
{
	if (n < 0) {
		tmpfs_uncharge_pages(T(ino)->sbi, -n);
		return 0;
	}
	return tmpfs_charge_pages(T(ino)->sbi, n);
}

bool tmpfs_owns(struct inode *ino)
{
	return ino->ops == &tmpfs_ops;
}

struct tmpfs_sb_info *tmpfs_inode_sbi(struct inode *ino)
{
	return ino->ops == &tmpfs_ops ? T(ino)->sbi : NULL;
}

/* A new inode of instance sbi, charged to it: NULL when nr_inodes= are
 * all in use, or out of memory. */
static struct inode *tmpfs_new(struct tmpfs_sb_info *sbi, u32 mode, u32 dev)
{
	struct tmpfs_inode *t;

	if (tmpfs_charge_inode(sbi))
		return NULL;
	t = kzalloc(sizeof(*t));
	if (!t) {
		tmpfs_uncharge_inode(sbi);
		return NULL;
	}
	tmpfs_sbi_get(sbi);
	t->sbi = sbi;
	inode_init(&t->vfs, &tmpfs_ops, mode);
	t->vfs.cache.charge = charge_pages;
	t->vfs.uid = current_cred()->fsuid;	/* owned by whoever creates it */
	t->vfs.gid = current_cred()->fsgid;
	t->vfs.ino = atomic_long_add_return(&next_ino, 1);
	t->vfs.priv = t;
	t->vfs.dev = dev;
	INIT_LIST_HEAD(&t->entries);
	INIT_LIST_HEAD(&t->xattrs);
	return &t->vfs;
}

struct inode *tmpfs_mount_root(u32 dev, u32 mode, const char *data, int *err)
{
	struct tmpfs_sb_info *sbi = tmpfs_sbi_alloc(dev);
	struct inode *root = sbi ? tmpfs_new(sbi, S_IFDIR | mode, dev) : NULL;

	if (sbi)
		tmpfs_sbi_put(sbi);	/* the root's reference keeps it */
	if (!root) {
		*err = -ENOMEM;
		return NULL;
	}
	root->nlink = 2;
	T(root)->parent = root;
	*err = tmpfs_parse_options(T(root)->sbi, root, data, false);
	if (*err) {
		inode_put(root);
		return NULL;
	}
	return root;
}

struct inode *tmpfs_create_root(u32 dev, u32 mode)
{
	int err;

	return tmpfs_mount_root(dev, mode, NULL, &err);
}

int tmpfs_remount(struct inode *root, const char *data)
{
	struct tmpfs_sb_info *sbi = tmpfs_inode_sbi(root);

	return sbi ? tmpfs_parse_options(sbi, root, data, true) : -EINVAL;
}

static bool tmpfs_dir_name(struct inode *dir, struct inode **parent, char *name, size_t size)
{
	if (dir->ops != &tmpfs_ops || !S_ISDIR(dir->mode))
		return false;
	*parent = T(dir)->parent;
	strscpy(name, T(dir)->name, size);
	return true;
}

static struct tmpfs_dirent *find(struct inode *dir, const char *name)
{
	struct tmpfs_dirent *d;

	list_for_each_entry(d, &T(dir)->entries, link)
		if (!strcmp(d->name, name))
			return d;
	return NULL;
}

static int tmpfs_lookup(struct inode *dir, const char *name, struct inode **out)
{
	struct tmpfs_dirent *d;

	if (!strcmp(name, ".")) {
		*out = dir;
	} else if (!strcmp(name, "..")) {
		*out = T(dir)->parent;
	} else {
		d = find(dir, name);
		if (!d)
			return -ENOENT;
		*out = d->ino;
	}
	inode_get(*out);
	return 0;
}

static int add_entry(struct inode *dir, const char *name, struct inode *ino)
{
	struct tmpfs_dirent *d = kzalloc(sizeof(*d));

	if (!d)
		return -ENOMEM;
	strscpy(d->name, name, sizeof(d->name));
	d->ino = ino;
	inode_get(ino);
	list_add_tail(&d->link, &T(dir)->entries);
	T(dir)->nentries++;
	inode_touch(dir, true);
	return 0;
}

static void drop_entry(struct inode *dir, struct tmpfs_dirent *d)
{
	list_del(&d->link);
	T(dir)->nentries--;
	inode_touch(dir, true);
	inode_put(d->ino);
	kfree(d);
}

static int tmpfs_create(struct inode *dir, const char *name, u32 mode, u32 rdev,
			struct inode **out)
{
	struct inode *ino;
	int err;

	if (find(dir, name) || !strcmp(name, ".") || !strcmp(name, ".."))
		return -EEXIST;
	ino = tmpfs_new(T(dir)->sbi, mode, dir->dev);
	if (!ino)
		return -ENOSPC;	/* nr_inodes= reached, or no memory (Linux: ENOSPC too) */
	ino->rdev = rdev;
	if (S_ISDIR(mode)) {
		ino->nlink = 2;
		T(ino)->parent = dir;
		inode_get(dir);	/* ".." must outlive a removed directory's users */
		strscpy(T(ino)->name, name, sizeof(T(ino)->name));
	}
	err = add_entry(dir, name, ino);
	if (err) {
		inode_put(ino);
		return err;
	}
	if (S_ISDIR(mode))
		dir->nlink++;
	if (out)
		*out = ino;	/* the creation reference goes to the caller */
	else
		inode_put(ino);
	return 0;
}

/* O_TMPFILE: a file of dir's instance in no directory (nlink 0). */
static int tmpfs_tmpfile(struct inode *dir, u32 mode, struct inode **out)
{
	struct inode *ino = tmpfs_new(T(dir)->sbi, S_IFREG | (mode & 07777), dir->dev);

	if (!ino)
		return -ENOSPC;
	ino->nlink = 0;
	*out = ino;
	return 0;
}

static int tmpfs_link(struct inode *dir, const char *name, struct inode *target)
{
	int err;

	if (S_ISDIR(target->mode))
		return -EPERM;
	if (find(dir, name))
		return -EEXIST;
	err = add_entry(dir, name, target);
	if (!err) {
		target->nlink++;
		inode_touch(target, false);
	}
	return err;
}

/* In a sticky directory (/tmp) only the entry's owner, the directory's
 * owner or root may remove or replace an entry. */
static bool sticky_denies(struct inode *dir, struct inode *ino)
{
	u32 fsuid = current_cred()->fsuid;

	return (dir->mode & 01000) && fsuid && fsuid != ino->uid && fsuid != dir->uid;
}

static int tmpfs_unlink(struct inode *dir, const char *name, bool rmdir)
{
	struct tmpfs_dirent *d = find(dir, name);
	struct inode *ino;

	if (!d)
		return -ENOENT;
	ino = d->ino;
	if (sticky_denies(dir, ino))
		return -EPERM;
	if (rmdir) {
		if (!S_ISDIR(ino->mode))
			return -ENOTDIR;
		if (T(ino)->nentries)
			return -ENOTEMPTY;
		if (READ_ONCE(ino->mounted))
			return -EBUSY;	/* a mount point */
		dir->nlink--;
		ino->nlink = 0;
	} else {
		if (S_ISDIR(ino->mode))
			return -EISDIR;
		ino->nlink--;
	}
	inode_touch(ino, false);
	drop_entry(dir, d);
	return 0;
}

static int tmpfs_symlink(struct inode *dir, const char *name, const char *target)
{
	struct inode *ino;
	int err = tmpfs_create(dir, name, S_IFLNK | 0777, 0, &ino);

	if (err)
		return err;
	T(ino)->target = kmalloc(strlen(target) + 1);
	if (!T(ino)->target) {
		tmpfs_unlink(dir, name, false);
		inode_put(ino);
		return -ENOMEM;
	}
	memcpy(T(ino)->target, target, strlen(target) + 1);
	ino->size = strlen(target);
	inode_put(ino);
	return 0;
}

/* Is a an ancestor of (or equal to) d? */
static bool is_ancestor(struct inode *a, struct inode *d)
{
	for (int depth = 0; depth < 4096; depth++) {
		if (d == a)
			return true;
		if (T(d)->parent == d)
			return false;
		d = T(d)->parent;
	}
	return true;	/* absurdly deep: refuse */
}

/* Attach a directory ino to its new parent ndir under name (rename). */
static void move_dir(struct inode *ino, struct inode *odir, struct inode *ndir, const char *name)
{
	if (odir != ndir) {
		odir->nlink--;
		ndir->nlink++;
		inode_get(ndir);
		T(ino)->parent = ndir;
		inode_put(odir);	/* the caller still holds odir */
	}
	strscpy(T(ino)->name, name, sizeof(T(ino)->name));
}

/* RENAME_EXCHANGE: the two entries swap their inodes. */
static int tmpfs_exchange(struct inode *odir, struct tmpfs_dirent *src, struct inode *ndir,
			  struct tmpfs_dirent *dst)
{
	struct inode *a = src->ino, *b = dst->ino;

	if ((S_ISDIR(a->mode) && is_ancestor(a, ndir)) || (S_ISDIR(b->mode) && is_ancestor(b, odir)))
		return -EINVAL;
	src->ino = b;
	dst->ino = a;
	if (S_ISDIR(a->mode))
		move_dir(a, odir, ndir, dst->name);
	if (S_ISDIR(b->mode))
		move_dir(b, ndir, odir, src->name);
	inode_touch(a, false);
	inode_touch(b, false);
	inode_touch(odir, true);
	inode_touch(ndir, true);
	return 0;
}

static int tmpfs_rename(struct inode *odir, const char *oname, struct inode *ndir,
			const char *nname, unsigned int flags)
{
	struct tmpfs_dirent *src = find(odir, oname), *dst = find(ndir, nname), *wd = NULL;
	struct inode *ino, *wo = NULL;
	int err;

	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
		return -EINVAL;
	if (!src)
		return -ENOENT;
	ino = src->ino;
	if (sticky_denies(odir, ino) || (dst && sticky_denies(ndir, dst->ino)))
		return -EPERM;
	if (flags & RENAME_EXCHANGE) {
		if (!dst)
			return -ENOENT;
		return dst == src ? 0 : tmpfs_exchange(odir, src, ndir, dst);
	}
	if (dst && (flags & RENAME_NOREPLACE))
		return -EEXIST;
	if (S_ISDIR(ino->mode) && is_ancestor(ino, ndir))
		return -EINVAL;
	if (dst == src)
		return 0;
	if (dst) {
		if (S_ISDIR(ino->mode) && !S_ISDIR(dst->ino->mode))
			return -ENOTDIR;
		if (!S_ISDIR(ino->mode) && S_ISDIR(dst->ino->mode))
			return -EISDIR;
		if (S_ISDIR(dst->ino->mode) && T(dst->ino)->nentries)
			return -ENOTEMPTY;
	}
	/* RENAME_WHITEOUT leaves a character device 0:0 under the old name
	 * (overlayfs's mark): made before anything changes. */
	if (flags & RENAME_WHITEOUT) {
		wo = tmpfs_new(T(odir)->sbi, S_IFCHR, odir->dev);
		wd = wo ? kzalloc(sizeof(*wd)) : NULL;
		if (!wd) {
			if (wo)
				inode_put(wo);
			return wo ? -ENOMEM : -ENOSPC;
		}
	}
	if (dst) {
		err = tmpfs_unlink(ndir, nname, S_ISDIR(dst->ino->mode));
		if (err)
			goto out_whiteout;
	}
	err = add_entry(ndir, nname, ino);
	if (err)
		goto out_whiteout;
	if (S_ISDIR(ino->mode))
		move_dir(ino, odir, ndir, nname);
	inode_touch(ino, false);
	drop_entry(odir, src);
	if (wd) {
		strscpy(wd->name, oname, sizeof(wd->name));
		wd->ino = wo;	/* the creation reference */
		list_add_tail(&wd->link, &T(odir)->entries);
		T(odir)->nentries++;
	}
	return 0;
out_whiteout:
	if (wo) {
		kfree(wd);
		inode_put(wo);
	}
	return err;
}

static int tmpfs_readlink(struct inode *ino, char *buf, size_t size)
{
	size_t n = MIN(size, ino->size);

	memcpy(buf, T(ino)->target, n);
	return (int)n;
}

static int tmpfs_truncate(struct inode *ino, u64 size)
{
	if (size > FILEMAP_MAX_SIZE)
		return -EFBIG;
	filemap_truncate(ino, size);
	ino->size = size;
	inode_touch(ino, true);
	return 0;
}

/*
 * fallocate: mode 0 and KEEP_SIZE give the range pages now (so that
 * ENOSPC comes here, not at a later write) and mode 0 extends the size;
 * PUNCH_HOLE|KEEP_SIZE frees the whole pages of the range and zeros the
 * partial ones. Other modes: EOPNOTSUPP, as Linux's tmpfs. inode.lock held.
 */
#define TMPFS_FALLOC_KEEP_SIZE 0x01
#define TMPFS_FALLOC_PUNCH_HOLE 0x02

static int tmpfs_fallocate(struct inode *ino, int mode, u64 off, u64 len)
{
	u64 end = off + len;
	int err;

	if (mode & ~(TMPFS_FALLOC_KEEP_SIZE | TMPFS_FALLOC_PUNCH_HOLE))
		return -EOPNOTSUPP;
	if (mode & TMPFS_FALLOC_PUNCH_HOLE) {
		filemap_punch_hole(ino, off, MIN(end, ino->size));
		inode_touch(ino, true);
		return 0;
	}
	if (end > FILEMAP_MAX_SIZE)
		return -EFBIG;
	err = filemap_allocate(ino, off, end);
	if (err)
		return err;
	if (!(mode & TMPFS_FALLOC_KEEP_SIZE) && end > ino->size)
		ino->size = end;
	inode_touch(ino, false);
	return 0;
}

/*
 * Extended attributes: the trusted.*, security.* and (since Linux 6.6)
 * user.* namespaces, others EOPNOTSUPP; a name must go on past its
 * prefix. Each costs nr_inodes= space (simple_xattr_space): ENOSPC when
 * it is used up. inode.lock held.
 */

static int tmpfs_xattr_name(const char *name)
{
	static const char *const prefixes[] = { "user.", "trusted.", "security." };

	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++)
		if (!strncmp(name, prefixes[i], strlen(prefixes[i])))
			return name[strlen(prefixes[i])] ? 0 : -EINVAL;
	return -EOPNOTSUPP;
}

static ssize_t tmpfs_getxattr(struct inode *ino, const char *name, void *buf, size_t size)
{
	int err = tmpfs_xattr_name(name);

	return err ? err : simple_xattr_get(&T(ino)->xattrs, name, buf, size);
}

static int tmpfs_setxattr(struct inode *ino, const char *name, const void *val, size_t size,
			  int flags)
{
	struct tmpfs_sb_info *sbi = T(ino)->sbi;
	ssize_t old = simple_xattr_get(&T(ino)->xattrs, name, NULL, 0);
	int err = tmpfs_xattr_name(name);

	if (err)
		return err;
	/* The new value is charged before the old one is given back (Linux). */
	err = tmpfs_charge_ispace(sbi, simple_xattr_space(name, size));
	if (err)
		return err;
	err = simple_xattr_set(&T(ino)->xattrs, name, val, size, flags);
	if (err)
		tmpfs_uncharge_ispace(sbi, simple_xattr_space(name, size));
	else if (old >= 0)
		tmpfs_uncharge_ispace(sbi, simple_xattr_space(name, old));
	return err;
}

static ssize_t tmpfs_listxattr(struct inode *ino, char *buf, size_t size)
{
	return simple_xattr_list(&T(ino)->xattrs, buf, size, capable_root());
}

static int tmpfs_removexattr(struct inode *ino, const char *name)
{
	ssize_t old = simple_xattr_get(&T(ino)->xattrs, name, NULL, 0);
	int err = tmpfs_xattr_name(name);

	if (!err)
		err = simple_xattr_remove(&T(ino)->xattrs, name);
	if (!err)
		tmpfs_uncharge_ispace(T(ino)->sbi, simple_xattr_space(name, old));
	return err;
}

static int tmpfs_open(struct inode *ino, struct file *f)
{
	if (S_ISDIR(ino->mode))
		f->ops = &tmpfs_dir_ops;
	else if (S_ISREG(ino->mode))
		f->ops = &tmpfs_file_ops;
	else
		return -ENXIO;	/* devices and fifos are opened by the VFS */
	return 0;
}

static void tmpfs_evict(struct inode *ino)
{
	struct tmpfs_inode *t = T(ino);
	struct tmpfs_dirent *d, *tmp;

	list_for_each_entry_safe(d, tmp, &t->entries, link)
		drop_entry(ino, d);
	if (S_ISDIR(ino->mode) && t->parent != ino)
		inode_put(t->parent);
	filemap_evict(ino, true);	/* uncharges the pages */
	kfree(t->target);
	tmpfs_uncharge_ispace(t->sbi, simple_xattrs_free(&t->xattrs));
	tmpfs_uncharge_inode(t->sbi);
	tmpfs_sbi_put(t->sbi);
	kfree(t);
}

static const struct inode_ops tmpfs_ops = {
	.lookup = tmpfs_lookup,
	.create = tmpfs_create,
	.link = tmpfs_link,
	.unlink = tmpfs_unlink,
	.symlink = tmpfs_symlink,
	.rename = tmpfs_rename,
	.readlink = tmpfs_readlink,
	.read_kernel = filemap_read_kernel,
	.write_kernel = filemap_write_kernel,
	.truncate = tmpfs_truncate,
	.fallocate = tmpfs_fallocate,
	.tmpfile = tmpfs_tmpfile,
	.getxattr = tmpfs_getxattr,
	.setxattr = tmpfs_setxattr,
	.listxattr = tmpfs_listxattr,
	.removexattr = tmpfs_removexattr,
	.open = tmpfs_open,
	.evict = tmpfs_evict,
	.dir_name = tmpfs_dir_name,
};

/* --- file data --- */

/* struct linux_dirent64 */
struct dirent64_head {
	u64 d_ino;
	s64 d_off;
	u16 d_reclen;
	u8 d_type;
} __packed;

static u8 dtype(u32 mode)
{
	return (mode & S_IFMT) >> 12;	/* DT_* equal S_IFMT >> 12 */
}

int vfs_dirent_emit(uptr_t buf, size_t n, size_t *used, u64 ino, u64 next, u32 mode,
		    const char *name)
{
	size_t len = strlen(name), reclen = ALIGN_UP(sizeof(struct dirent64_head) + len + 1, 8);
	struct dirent64_head h = { ino, (s64)next, (u16)reclen, dtype(mode) };
	char zero[8] = { 0 };

	if (*used + reclen > n)
		return 1;
	if (copy_to_user(buf + *used, &h, sizeof(h)) ||
	    copy_to_user(buf + *used + sizeof(h), name, len) ||
	    copy_to_user(buf + *used + sizeof(h) + len, zero, reclen - sizeof(h) - len))
		return -EFAULT;
	*used += reclen;
	return 0;
}

static ssize_t tmpfs_getdents(struct file *f, uptr_t buf, size_t n, u64 *pos)
{
	struct inode *dir = f->inode;
	struct tmpfs_dirent *d;
	size_t used = 0;
	u64 i = 0;
	int r = 0;

	mutex_lock(&dir->lock);
	if (*pos == 0 && !(r = vfs_dirent_emit(buf, n, &used, dir->ino, 1, S_IFDIR, ".")))
		*pos = 1;
	if (!r && *pos == 1 && !(r = vfs_dirent_emit(buf, n, &used, T(dir)->parent->ino, 2, S_IFDIR, "..")))
		*pos = 2;
	list_for_each_entry(d, &T(dir)->entries, link) {
		if (r)
			break;
		if (i++ + 2 < *pos)
			continue;
		r = vfs_dirent_emit(buf, n, &used, d->ino->ino, *pos + 1, d->ino->mode, d->name);
		if (!r)
			(*pos)++;
	}
	mutex_unlock(&dir->lock);
	if (r < 0)
		return r;
	if (r > 0 && !used)
		return -EINVAL;	/* buffer too small for one entry */
	return used;
}

const struct file_ops tmpfs_file_ops = {
	.read = filemap_read,
	.write = filemap_write,
};

const struct file_ops tmpfs_dir_ops = {
	.getdents = tmpfs_getdents,
};
