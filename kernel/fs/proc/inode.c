/*
 * procfs: the file system type, its inodes and open files, and the text
 * buffer the files are generated into (see internal.h).
 */
#include "internal.h"
#include <core/mm.h>
#include <core/kmalloc.h>
#include <core/page.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

#define PROC_MAX_TEXT (4UL << 20)	/* no generated file grows past this */
#define DYN_POS_BASE 0x10000		/* readdir positions of numbered entries */

static const struct inode_ops proc_inode_ops, proc_magic_ops;
static const struct file_ops proc_file_ops, proc_dir_ops;

/* --- text buffers --- */

/* A write that does not fit marks the buffer: generate() retries with a
 * larger one. */
void seq_write(struct seqbuf *s, const void *data, size_t n)
{
	if (s->len + n > s->size)
		s->overflow = true;
	if (s->overflow)
		return;
	memcpy(s->buf + s->len, data, n);
	s->len += n;
}

void seq_puts(struct seqbuf *s, const char *str)
{
	seq_write(s, str, strlen(str));
}

void seq_putc(struct seqbuf *s, char c)
{
	seq_write(s, &c, 1);
}

void seq_printf(struct seqbuf *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (s->overflow)
		return;
	va_start(ap, fmt);
	n = vsnprintf(s->buf + s->len, s->size - s->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= s->size - s->len)
		s->overflow = true;
	else
		s->len += n;
}

void seq_pad(struct seqbuf *s, size_t line_start, size_t col, char c)
{
	while (!s->overflow && s->len - line_start < col)
		seq_putc(s, ' ');
	seq_putc(s, c);
}

void seq_escape(struct seqbuf *s, const char *str)
{
	for (; *str; str++) {
		if (*str == ' ' || *str == '\t' || *str == '\n' || *str == '\\')
			seq_printf(s, "\\%03o", (unsigned char)*str);
		else
			seq_putc(s, *str);
	}
}

/* Generate pi's text into a new buffer, growing it until the text fits. */
static int generate(struct proc_inode *pi, struct seqbuf *s)
{
	size_t size = PAGE_SIZE;
	int err;

	for (;;) {
		s->buf = kmalloc(size);
		if (!s->buf)
			return -ENOMEM;
		s->size = size;
		s->len = 0;
		s->overflow = false;
		err = pi->ent->show(pi, s);
		if (err || !s->overflow)
			break;
		kfree(s->buf);
		s->buf = NULL;
		if (size >= PROC_MAX_TEXT)
			return -EFBIG;
		size *= 2;
	}
	if (err) {
		kfree(s->buf);
		s->buf = NULL;
	}
	return err;
}

/* --- inodes --- */

static u64 proc_ino(const struct proc_ent *ent, int pid, int tid, int fd)
{
	u64 slot = ((uintptr_t)ent / sizeof(*ent)) & 0xfff;

	return ((u64)(pid & 0xffffff) << 40) | ((u64)(tid & 0xffff) << 24) |
	       ((u64)(fd & 0xfff) << 12) | slot;
}

/* Owner of a per-process inode: the process's effective ids. */
static void proc_set_owner(struct proc_inode *pi)
{
	struct process *p;

	if (!pi->pid)
		return;
	spin_lock(&proc_tree_lock);
	p = proc_find(pi->pid);
	if (p) {
		pi->vfs.uid = p->cred.euid;
		pi->vfs.gid = p->cred.egid;
	}
	spin_unlock(&proc_tree_lock);
}

static struct inode *proc_new_inode(struct proc_inode *parent, const struct proc_ent *ent,
				    enum proc_key key, int num, const char *name, u32 dev)
{
	struct proc_inode *pi = kzalloc(sizeof(*pi));

	if (!pi)
		return NULL;
	/* Magic links take the operations with get_link. */
	inode_init(&pi->vfs, ent->get_link ? &proc_magic_ops : &proc_inode_ops, ent->mode);
	pi->ent = ent;
	pi->vfs.dev = dev;
	pi->vfs.nlink = S_ISDIR(ent->mode) ? 2 : 1;
	pi->fd = -1;
	if (parent) {
		pi->pid = parent->pid;
		pi->tid = parent->tid;
		pi->fd = parent->fd;
		pi->parent = &parent->vfs;
		inode_get(pi->parent);
	} else {
		pi->parent = &pi->vfs;
	}
	if (key == PROC_KEY_PID)
		pi->pid = num;	/* tid 0: the whole thread group */
	else if (key == PROC_KEY_TID)
		pi->tid = num;
	else if (key == PROC_KEY_FD)
		pi->fd = num;
	strscpy(pi->name, name, sizeof(pi->name));
	pi->vfs.ino = parent ? proc_ino(ent, pi->pid, pi->tid, pi->fd + 1) : 1;
	if (pi->pid)
		proc_set_owner(pi);
	return &pi->vfs;
}

static int parse_key(const char *name)
{
	int v = 0;

	if (!*name || (*name == '0' && name[1]))
		return -1;
	for (; *name; name++) {
		if (*name < '0' || *name > '9' || v > 100000000)
			return -1;
		v = v * 10 + (*name - '0');
	}
	return v;
}

static int proc_lookup(struct inode *dir, const char *name, struct inode **out)
{
	struct proc_inode *pi = PI(dir);
	const struct proc_ent *ent = pi->ent;
	int key;

	if (!strcmp(name, ".") || !strcmp(name, "..")) {
		*out = !strcmp(name, ".") ? dir : pi->parent;
		inode_get(*out);
		return 0;
	}
	/* Everything under a process vanishes with it. */
	if (pi->pid && !proc_pid_exists(NULL, pi->pid))
		return -ENOENT;
	for (int t = 0; t < 2; t++)
		for (const struct proc_ent *c = t ? ent->more_children : ent->children; c && c->name;
		     c++)
			if (!strcmp(c->name, name)) {
				*out = proc_new_inode(pi, c, PROC_KEY_NONE, 0, name, dir->dev);
				return *out ? 0 : -ENOMEM;
			}
	if (!ent->dyn)
		return -ENOENT;
	key = parse_key(name);
	if (key < 0 || !ent->dyn_exists(pi, key))
		return -ENOENT;
	*out = proc_new_inode(pi, ent->dyn, ent->dyn_key, key, name, dir->dev);
	return *out ? 0 : -ENOMEM;
}

static int proc_readlink(struct inode *ino, char *buf, size_t size)
{
	struct proc_inode *pi = PI(ino);

	return pi->ent->readlink ? pi->ent->readlink(pi, buf, size) : -EINVAL;
}

static int proc_get_link(struct inode *ino, struct path *out)
{
	struct proc_inode *pi = PI(ino);

	return pi->ent->get_link(pi, out);
}

static int proc_link_name(struct inode *ino, struct path *dir, char *name, size_t size)
{
	struct proc_inode *pi = PI(ino);

	return pi->ent->link_name ? pi->ent->link_name(pi, dir, name, size) : -ENOENT;
}

static bool proc_dir_name(struct inode *dir, struct inode **parent, char *name, size_t size)
{
	struct proc_inode *pi = PI(dir);

	if (pi->parent == dir)
		return false;
	*parent = pi->parent;
	strscpy(name, pi->name, size);
	return true;
}

static void proc_getattr(struct inode *ino)
{
	proc_set_owner(PI(ino));
}

static int proc_open(struct inode *ino, struct file *f)
{
	struct proc_inode *pi = PI(ino);
	struct seqbuf *s;
	int err;

	if (S_ISDIR(ino->mode)) {
		f->ops = &proc_dir_ops;
		return 0;
	}
	if (!S_ISREG(ino->mode))
		return -ENXIO;
	f->ops = &proc_file_ops;
	if ((f->flags & O_ACCMODE) != O_RDONLY && !pi->ent->write)
		return -EACCES;
	if ((f->flags & O_ACCMODE) == O_WRONLY)
		return 0;
	s = kzalloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	err = generate(pi, s);
	if (err) {
		kfree(s);
		return err;
	}
	f->priv = s;
	return 0;
}

/* The last reference: the inode goes (its process may live on). */
static void proc_evict(struct inode *ino)
{
	struct proc_inode *pi = PI(ino);

	if (pi->parent != ino)
		inode_put(pi->parent);
	kfree(pi);
}

static const struct inode_ops proc_inode_ops = {
	.lookup = proc_lookup,
	.readlink = proc_readlink,
	.open = proc_open,
	.evict = proc_evict,
	.dir_name = proc_dir_name,
	.getattr = proc_getattr,
};

/* Magic links get their own operations so that the walk sees get_link. */
static const struct inode_ops proc_magic_ops = {
	.readlink = proc_readlink,
	.get_link = proc_get_link,
	.link_name = proc_link_name,
	.evict = proc_evict,
	.getattr = proc_getattr,
};

/* --- open files --- */

static ssize_t proc_read(struct file *f, uptr_t buf, size_t n, u64 *pos)
{
	struct seqbuf *s = f->priv;
	size_t chunk;

	if (!s)
		return -EBADF;
	if (*pos >= s->len)
		return 0;
	chunk = MIN(n, s->len - *pos);
	if (copy_to_user(buf, s->buf + *pos, chunk))
		return -EFAULT;
	*pos += chunk;
	return chunk;
}

static ssize_t proc_write(struct file *f, uptr_t buf, size_t n, u64 *pos)
{
	struct proc_inode *pi = PI(f->inode);
	char *kbuf;
	ssize_t ret;

	if (!pi->ent->write)
		return -EINVAL;
	if (n > PAGE_SIZE - 1)
		n = PAGE_SIZE - 1;
	kbuf = kmalloc(n + 1);
	if (!kbuf)
		return -ENOMEM;
	if (copy_from_user(kbuf, buf, n)) {
		kfree(kbuf);
		return -EFAULT;
	}
	kbuf[n] = 0;
	ret = pi->ent->write(pi, kbuf, n);
	kfree(kbuf);
	if (ret > 0)
		*pos += ret;
	return ret;
}

static void procfs_release(struct file *f)
{
	struct seqbuf *s = f->priv;

	if (s) {
		kfree(s->buf);
		kfree(s);
	}
}

static const struct file_ops proc_file_ops = {
	.read = proc_read,
	.write = proc_write,
	.release = procfs_release,
};

void proc_sort_keys(int *v, int n)
{
	/* Insertion sort: the lists are short and nearly sorted. */
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			int t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

static ssize_t proc_getdents(struct file *f, uptr_t buf, size_t n, u64 *pos)
{
	struct proc_inode *pi = PI(f->inode);
	const struct proc_ent *ent = pi->ent;
	size_t used = 0;
	u64 nfixed = 0;
	int r = 0;

	if (pi->pid && !proc_pid_exists(NULL, pi->pid))
		return -ENOENT;
	if (*pos == 0 && !(r = vfs_dirent_emit(buf, n, &used, f->inode->ino, 1, S_IFDIR, ".")))
		*pos = 1;
	if (!r && *pos == 1 &&
	    !(r = vfs_dirent_emit(buf, n, &used, pi->parent->ino, 2, S_IFDIR, "..")))
		*pos = 2;
	for (int t = 0; t < 2 && !r; t++)
		for (const struct proc_ent *c = t ? ent->more_children : ent->children;
		     c && c->name && !r; c++, nfixed++) {
			if (nfixed + 2 < *pos)
				continue;
			r = vfs_dirent_emit(buf, n, &used, proc_ino(c, pi->pid, pi->tid, pi->fd + 1),
					    *pos + 1, c->mode, c->name);
			if (!r)
				(*pos)++;
		}
	if (!r && ent->dyn) {
		int *keys = NULL, nkeys = ent->dyn_list(pi, &keys);

		if (*pos < DYN_POS_BASE)
			*pos = DYN_POS_BASE;
		for (int i = 0; i < nkeys && !r; i++) {
			char name[16];
			u64 kpos = DYN_POS_BASE + (u64)keys[i];
			int pid = pi->pid, tid = pi->tid, fd = pi->fd;

			if (kpos < *pos)
				continue;
			if (ent->dyn_key == PROC_KEY_PID)
				pid = keys[i];
			else if (ent->dyn_key == PROC_KEY_TID)
				tid = keys[i];
			else
				fd = keys[i];
			snprintf(name, sizeof(name), "%d", keys[i]);
			r = vfs_dirent_emit(buf, n, &used, proc_ino(ent->dyn, pid, tid, fd + 1),
					    kpos + 1, ent->dyn->mode, name);
			if (!r)
				*pos = kpos + 1;
		}
		kfree(keys);
		if (nkeys < 0 && !used)
			return nkeys;
	}
	if (r < 0)
		return r;
	if (r > 0 && !used)
		return -EINVAL;
	return used;
}

static const struct file_ops proc_dir_ops = {
	.getdents = proc_getdents,
};

/* --- the file system type --- */

static int proc_mount(struct mount *m, const char *source, const char *data)
{
	(void)source, (void)data;
	m->dev = mount_new_dev();
	m->root = proc_new_inode(NULL, &proc_root_ent, PROC_KEY_NONE, 0, "", m->dev);
	return m->root ? 0 : -ENOMEM;
}

const struct fs_type proc_fs_type = { .name = "proc", .nodev = true, .mount = proc_mount };
