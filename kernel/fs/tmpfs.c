/*
 * tmpfs: files, directories and links that live in memory. A directory
 * is a list of named entries, each holding a reference on its inode, and
 * knows its own name and parent (for ".." and getcwd). A file's data
 * lives only in its page cache (a cache with no backing store: pages are
 * made as they are written, holes read as zeros, nothing is evicted).
 */
#include <kernel/vfs.h>
#include <kernel/cred.h>
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
};

static const struct inode_ops tmpfs_ops;
extern const struct file_ops tmpfs_file_ops, tmpfs_dir_ops;
static atomic_long_t next_ino = { 1 };

unsigned long tmpfs_pages(void)
{
	return page_cache_memory_pages();
}

static struct tmpfs_inode *T(struct inode *i) { return container_of(i, struct tmpfs_inode, vfs); }

static struct inode *tmpfs_new(u32 mode, u32 dev)
{
	struct tmpfs_inode *t = kzalloc(sizeof(*t));

	if (!t)
		return NULL;
	inode_init(&t->vfs, &tmpfs_ops, mode);
	t->vfs.uid = current_cred()->fsuid;	/* owned by whoever creates it */
	t->vfs.gid = current_cred()->fsgid;
	t->vfs.ino = atomic_long_add_return(&next_ino, 1);
	t->vfs.priv = t;
	t->vfs.dev = dev;
	INIT_LIST_HEAD(&t->entries);
	return &t->vfs;
}

struct inode *tmpfs_create_root(u32 dev, u32 mode)
{
	struct inode *root = tmpfs_new(S_IFDIR | mode, dev);

	if (root) {
		root->nlink = 2;
		T(root)->parent = root;
	}
	return root;
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
	ino = tmpfs_new(mode, dir->dev);
	if (!ino)
		return -ENOMEM;
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

static int tmpfs_rename(struct inode *odir, const char *oname, struct inode *ndir,
			const char *nname, unsigned int flags)
{
	struct tmpfs_dirent *src = find(odir, oname), *dst = find(ndir, nname);
	struct inode *ino;
	int err;

	if (!src)
		return -ENOENT;
	ino = src->ino;
	if (sticky_denies(odir, ino) || (dst && sticky_denies(ndir, dst->ino)))
		return -EPERM;
	if (flags & RENAME_EXCHANGE)
		return -EINVAL;	/* not supported yet */
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
		err = tmpfs_unlink(ndir, nname, S_ISDIR(dst->ino->mode));
		if (err)
			return err;
	}
	err = add_entry(ndir, nname, ino);
	if (err)
		return err;
	if (S_ISDIR(ino->mode)) {
		odir->nlink--;
		ndir->nlink++;
		inode_get(ndir);
		T(ino)->parent = ndir;
		inode_put(odir);	/* the caller still holds odir */
		strscpy(T(ino)->name, nname, sizeof(T(ino)->name));
	}
	inode_touch(ino, false);
	drop_entry(odir, src);
	return 0;
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
	filemap_evict(ino, true);
	kfree(t->target);
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
	.open = tmpfs_open,
	.evict = tmpfs_evict,
	.dir_name = tmpfs_dir_name,
};

/* --- directories --- */

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
