/*
 * sysfs: the file system type "sysfs", its inodes and open files. What
 * each path holds is tree.c's; an inode only remembers its path (and its
 * parent, for "..", getcwd and /proc/<pid>/cwd). Read-only, as the files
 * Mica shows are on Linux (uevent aside, which Mica cannot replay).
 */
#include "internal.h"
#include <core/kmalloc.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

struct sysfs_inode {
	struct inode vfs;
	struct inode *parent;	/* [I] referenced; the root's is itself */
	char *path;		/* [I] relative to /sys, "" at the root */
};

static const struct inode_ops sysfs_inode_ops;
static const struct file_ops sysfs_file_ops, sysfs_dir_ops;

static struct sysfs_inode *SI(struct inode *ino)
{
	return container_of(ino, struct sysfs_inode, vfs);
}

/* Inode numbers: a hash of the path (FNV-1a), the root 1. */
static u64 path_ino(const char *path)
{
	u64 h = 0xcbf29ce484222325ULL;

	if (!*path)
		return 1;
	for (; *path; path++)
		h = (h ^ (unsigned char)*path) * 0x100000001b3ULL;
	return h | 2;
}

static struct inode *sysfs_new_inode(struct inode *parent, const char *path, u32 type, u32 dev)
{
	struct sysfs_inode *si = kzalloc(sizeof(*si));
	size_t len = strlen(path) + 1;
	u32 mode = type == S_IFDIR ? S_IFDIR | 0755 : type == S_IFLNK ? S_IFLNK | 0777
								     : S_IFREG | 0444;

	if (!si)
		return NULL;
	si->path = kmalloc(len);
	if (!si->path) {
		kfree(si);
		return NULL;
	}
	memcpy(si->path, path, len);
	inode_init(&si->vfs, &sysfs_inode_ops, mode);
	si->vfs.dev = dev;
	si->vfs.ino = path_ino(path);
	si->vfs.nlink = type == S_IFDIR ? 2 : 1;
	si->parent = parent ? parent : &si->vfs;
	if (parent)
		inode_get(parent);
	return &si->vfs;
}

struct find_ctx {
	const char *name;
	u32 mode;
};

static int find_emit(void *arg, const char *name, u32 mode)
{
	struct find_ctx *fc = arg;

	if (strcmp(name, fc->name))
		return 0;
	fc->mode = mode;
	return 1;
}

static int sysfs_lookup(struct inode *dir, const char *name, struct inode **out)
{
	struct sysfs_inode *si = SI(dir);
	struct find_ctx fc = { name, 0 };
	char *path;
	size_t len;
	int err;

	if (!strcmp(name, ".") || !strcmp(name, "..")) {
		*out = !strcmp(name, ".") ? dir : si->parent;
		inode_get(*out);
		return 0;
	}
	err = sysfs_list(si->path, find_emit, &fc);
	if (err < 0)
		return err;
	if (!err)
		return -ENOENT;
	len = strlen(si->path) + strlen(name) + 2;
	path = kmalloc(len);
	if (!path)
		return -ENOMEM;
	snprintf(path, len, "%s%s%s", si->path, *si->path ? "/" : "", name);
	*out = sysfs_new_inode(dir, path, fc.mode, dir->dev);
	kfree(path);
	return *out ? 0 : -ENOMEM;
}

static int sysfs_readlink_op(struct inode *ino, char *buf, size_t size)
{
	return sysfs_readlink(SI(ino)->path, buf, size);
}

static bool sysfs_dir_name(struct inode *dir, struct inode **parent, char *name, size_t size)
{
	struct sysfs_inode *si = SI(dir);
	const char *last = strrchr(si->path, '/');

	if (si->parent == dir)
		return false;
	*parent = si->parent;
	strscpy(name, last ? last + 1 : si->path, size);
	return true;
}

struct sysfs_text {
	char *buf;
	size_t len;
};

static int sysfs_open(struct inode *ino, struct file *f)
{
	struct sysfs_text *t;
	int len;

	if (S_ISDIR(ino->mode)) {
		f->ops = &sysfs_dir_ops;
		return 0;
	}
	if (!S_ISREG(ino->mode))
		return -ENXIO;
	if ((f->flags & O_ACCMODE) != O_RDONLY)
		return -EACCES;
	t = kzalloc(sizeof(*t));
	if (t)
		t->buf = kmalloc(SYSFS_TEXT_MAX);
	if (!t || !t->buf) {
		kfree(t);
		return -ENOMEM;
	}
	len = sysfs_show(SI(ino)->path, t->buf);
	if (len < 0) {
		kfree(t->buf);
		kfree(t);
		return len;
	}
	t->len = (size_t)len;
	f->priv = t;
	f->ops = &sysfs_file_ops;
	return 0;
}

static void sysfs_evict(struct inode *ino)
{
	struct sysfs_inode *si = SI(ino);

	if (si->parent != ino)
		inode_put(si->parent);
	kfree(si->path);
	kfree(si);
}

static const struct inode_ops sysfs_inode_ops = {
	.lookup = sysfs_lookup,
	.readlink = sysfs_readlink_op,
	.open = sysfs_open,
	.evict = sysfs_evict,
	.dir_name = sysfs_dir_name,
};

static ssize_t sysfs_read(struct file *f, uptr_t buf, size_t n, u64 *pos)
{
	struct sysfs_text *t = f->priv;
	size_t chunk;

	if (*pos >= t->len)
		return 0;
	chunk = MIN(n, t->len - *pos);
	if (copy_to_user(buf, t->buf + *pos, chunk))
		return -EFAULT;
	*pos += chunk;
	return chunk;
}

static void sysfs_release(struct file *f)
{
	struct sysfs_text *t = f->priv;

	if (t) {
		kfree(t->buf);
		kfree(t);
	}
}

static const struct file_ops sysfs_file_ops = { .read = sysfs_read, .release = sysfs_release };

/* getdents: ".", "..", then the children; *pos counts entries given. */
struct dir_ctx {
	uptr_t buf;
	size_t n, used;
	u64 *pos, index;
	const char *dir;
	int err;
};

static int dir_emit(void *arg, const char *name, u32 mode)
{
	struct dir_ctx *dc = arg;
	char path[160];
	int r;

	if (dc->index++ < *dc->pos)
		return 0;
	snprintf(path, sizeof(path), "%s%s%s", dc->dir, *dc->dir ? "/" : "", name);
	r = vfs_dirent_emit(dc->buf, dc->n, &dc->used, path_ino(path), *dc->pos + 1, mode, name);
	if (r) {
		dc->err = r;
		return 1;
	}
	(*dc->pos)++;
	return 0;
}

static ssize_t sysfs_getdents(struct file *f, uptr_t buf, size_t n, u64 *pos)
{
	struct sysfs_inode *si = SI(f->inode);
	struct dir_ctx dc = { buf, n, 0, pos, 2, si->path, 0 };
	int r = 0;

	if (*pos == 0 && !(r = vfs_dirent_emit(buf, n, &dc.used, f->inode->ino, 1, S_IFDIR, ".")))
		*pos = 1;
	if (!r && *pos == 1 &&
	    !(r = vfs_dirent_emit(buf, n, &dc.used, si->parent->ino, 2, S_IFDIR, "..")))
		*pos = 2;
	if (!r) {
		int err = sysfs_list(si->path, dir_emit, &dc);

		if (err < 0 && !dc.used)
			return err;
		r = dc.err;
	}
	if (r < 0)
		return r;
	if (r > 0 && !dc.used)
		return -EINVAL;
	return dc.used;
}

static const struct file_ops sysfs_dir_ops = { .getdents = sysfs_getdents };

static int sysfs_mount(struct mount *m, const char *source, const char *data)
{
	(void)source, (void)data;
	m->dev = mount_new_dev();
	m->root = sysfs_new_inode(NULL, "", S_IFDIR, m->dev);
	return m->root ? 0 : -ENOMEM;
}

const struct fs_type sysfs_fs_type = { .name = "sysfs", .nodev = true, .mount = sysfs_mount };
