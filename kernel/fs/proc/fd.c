/* /proc/<pid>/fd/ (links to the open files) and /proc/<pid>/fdinfo/. */
#include "internal.h"
#include <core/kmalloc.h>
#include <lib/bitmap.h>
#include <lib/string.h>
#include <mica/errno.h>

#define O_LARGEFILE 0100000	/* Linux sets it on every open of a 64-bit process */

/* The file behind pi's descriptor, referenced, and whether it is close-on-exec. */
static struct file *pi_file(struct proc_inode *pi, int fd, bool *cloexec)
{
	struct proc_snap ps;
	struct file *f = NULL;

	if (proc_snap_get(pi->pid, pi->tid, SNAP_FILES, &ps))
		return NULL;
	if (ps.files && fd >= 0 && fd < NR_OPEN_DEFAULT) {
		f = fd_get(ps.files, fd);
		if (cloexec)
			*cloexec = bitmap_test_bit(ps.files->cloexec, fd);
	}
	proc_snap_put(&ps);
	return f;
}

int proc_list_fds(struct proc_inode *dir, int **keys)
{
	struct proc_snap ps;
	int n = 0, *v;
	int err = proc_snap_get(dir->pid, dir->tid, SNAP_FILES, &ps);

	if (err)
		return err;
	v = kmalloc(NR_OPEN_DEFAULT * sizeof(int));
	if (!v) {
		proc_snap_put(&ps);
		return -ENOMEM;
	}
	if (ps.files) {
		spin_lock(&ps.files->lock);
		for (int i = 0; i < NR_OPEN_DEFAULT; i++)
			if (ps.files->fd[i])
				v[n++] = i;
		spin_unlock(&ps.files->lock);
	}
	proc_snap_put(&ps);
	*keys = v;
	return n;
}

bool proc_fd_exists(struct proc_inode *dir, int fd)
{
	struct file *f = pi_file(dir, fd, NULL);

	if (!f)
		return false;
	file_put(f);
	return true;
}

/* What readlink shows for an open file. */
static int file_text(struct file *f, char *buf, size_t size)
{
	if (f->inode && f->dir && f->name) {
		struct path dir = { f->mnt, f->dir };
		int len = proc_path_text(&dir, buf, size), nlen = (int)strlen(f->name);

		if (len < 0)
			return len;
		if (len > 1 && (size_t)len < size)
			buf[len++] = '/';
		nlen = (int)MIN((size_t)nlen, size - len);
		memcpy(buf + len, f->name, nlen);
		len += nlen;
		if (!f->inode->nlink && (size_t)len + 10 <= size) {
			memcpy(buf + len, " (deleted)", 10);
			len += 10;
		}
		return len;
	}
	if (f->inode) {
		struct path p = { f->mnt, f->inode };

		return proc_path_text(&p, buf, size);
	}
	if (f->ops->anon_name && f->ops->anon_name[strlen(f->ops->anon_name) - 1] == ':')
		return scnprintf(buf, size, "%s[%lu]", f->ops->anon_name,
				 (unsigned long)(((uintptr_t)f->priv >> 4) & 0xffffffff));
	return scnprintf(buf, size, "%s",
			 f->ops->anon_name ? f->ops->anon_name : "anon_inode:[unknown]");
}

static int fd_readlink(struct proc_inode *pi, char *buf, size_t size)
{
	struct file *f = pi_file(pi, pi->fd, NULL);
	int len;

	if (!f)
		return -ENOENT;
	len = file_text(f, buf, size);
	file_put(f);
	return len;
}

static int fd_get_link(struct proc_inode *pi, struct path *out)
{
	struct file *f = pi_file(pi, pi->fd, NULL);
	int err = 0;

	if (!f)
		return -ENOENT;
	if (f->inode && f->mnt) {
		*out = (struct path){ f->mnt, f->inode };
		path_get(out);
	} else {
		err = -ENXIO;	/* reopening a pipe through /proc: not supported yet */
	}
	file_put(f);
	return err;
}

static int fd_link_name(struct proc_inode *pi, struct path *dir, char *name, size_t size)
{
	struct file *f = pi_file(pi, pi->fd, NULL);
	int err = -ENOENT;

	if (!f)
		return -ENOENT;
	if (f->mnt && f->dir && f->name) {
		*dir = (struct path){ f->mnt, f->dir };
		path_get(dir);
		strscpy(name, f->name, size);
		err = 0;
	}
	file_put(f);
	return err;
}

static int fdinfo_show(struct proc_inode *pi, struct seqbuf *s)
{
	bool cloexec = false;
	struct file *f = pi_file(pi, pi->fd, &cloexec);
	unsigned int flags;

	if (!f)
		return -ENOENT;
	flags = f->flags | (cloexec ? O_CLOEXEC : 0) | (f->inode ? O_LARGEFILE : 0);
	seq_printf(s, "pos:\t%lli\nflags:\t0%o\nmnt_id:\t%i\nino:\t%lu\n", (long long)f->pos, flags,
		   f->mnt ? f->mnt->id : 0, f->inode ? (unsigned long)f->inode->ino : 0UL);
	file_put(f);
	return 0;
}

const struct proc_ent proc_fd_ent = {
	.mode = S_IFLNK | 0700,
	.readlink = fd_readlink,
	.get_link = fd_get_link,
	.link_name = fd_link_name,
};

const struct proc_ent proc_fdinfo_ent = {
	.mode = S_IFREG | 0444,
	.show = fdinfo_show,
};
