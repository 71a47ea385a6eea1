/* Open files and descriptor tables (see include/kernel/file.h). */
#include <kernel/file.h>
#include <kernel/vfs.h>
#include <kernel/mount.h>
#include <kernel/locks.h>
#include <core/kmalloc.h>
#include <lib/bitmap.h>
#include <lib/string.h>
#include <mica/errno.h>

struct file *file_alloc(const struct file_ops *ops, void *priv, unsigned int flags)
{
	struct file *f = kzalloc(sizeof(*f));

	if (!f)
		return NULL;
	atomic_set(&f->refs, 1);
	f->ops = ops;
	f->priv = priv;
	f->flags = flags & ~O_CLOEXEC;
	mutex_init(&f->pos_lock, "file.pos_lock");
	INIT_LIST_HEAD(&f->epitems);
	return f;
}

void file_get(struct file *f)
{
	atomic_inc(&f->refs);
}

void file_put(struct file *f)
{
	if (!atomic_dec_and_test(&f->refs))
		return;
	/* An epoll registration lives as long as the open file, as on Linux. */
	eventpoll_release(f);
	locks_remove_file(f);	/* flock and OFD locks live as long as the open file */
	if (f->ops->release)
		f->ops->release(f);
	if (f->writer)
		inode_put_write_access(f->inode);
	if (f->inode)
		inode_put(f->inode);
	if (f->dir)
		inode_put(f->dir);
	if (f->mnt)
		mount_put(f->mnt);
	kfree(f->name);
	kfree(f);
}

struct files *files_alloc(void)
{
	struct files *fs = kzalloc(sizeof(*fs));

	if (!fs)
		return NULL;
	atomic_set(&fs->refs, 1);
	spin_lock_init(&fs->lock, "files.lock");
	fs->max = NR_OPEN_DEFAULT;
	return fs;
}

struct files *files_dup(struct files *old)
{
	struct files *fs = files_alloc();

	if (!fs)
		return NULL;
	spin_lock(&old->lock);
	fs->max = old->max;
	for (int i = 0; i < NR_OPEN_DEFAULT; i++) {
		if (!old->fd[i])
			continue;
		file_get(old->fd[i]);
		fs->fd[i] = old->fd[i];
		if (bitmap_test_bit(old->cloexec, i))
			bitmap_set_bit(fs->cloexec, i);
	}
	spin_unlock(&old->lock);
	return fs;
}

void files_put(struct files *fs)
{
	if (!atomic_dec_and_test(&fs->refs))
		return;
	for (int i = 0; i < NR_OPEN_DEFAULT; i++)
		if (fs->fd[i]) {
			locks_remove_posix(fs->fd[i], fs);	/* the owner goes */
			file_put(fs->fd[i]);
		}
	kfree(fs);
}

int fd_install(struct files *fs, struct file *f, int min, bool cloexec)
{
	int fd = -EMFILE;

	if (min < 0)
		return -EINVAL;
	spin_lock(&fs->lock);
	for (unsigned int i = min; i < fs->max && i < NR_OPEN_DEFAULT; i++) {
		if (!fs->fd[i]) {
			fs->fd[i] = f;
			if (cloexec)
				bitmap_set_bit(fs->cloexec, i);
			else
				bitmap_clear_bit(fs->cloexec, i);
			fd = (int)i;
			break;
		}
	}
	spin_unlock(&fs->lock);
	return fd;
}

struct file *fd_get(struct files *fs, int fd)
{
	struct file *f = NULL;

	if (fd < 0 || fd >= NR_OPEN_DEFAULT)
		return NULL;
	spin_lock(&fs->lock);
	f = fs->fd[fd];
	if (f)
		file_get(f);
	spin_unlock(&fs->lock);
	return f;
}

int fd_close(struct files *fs, int fd)
{
	struct file *f;

	if (fd < 0 || fd >= NR_OPEN_DEFAULT)
		return -EBADF;
	spin_lock(&fs->lock);
	f = fs->fd[fd];
	fs->fd[fd] = NULL;
	bitmap_clear_bit(fs->cloexec, fd);
	spin_unlock(&fs->lock);
	if (!f)
		return -EBADF;
	/* POSIX: closing any descriptor of a file drops the process's record
	 * locks on it. */
	locks_remove_posix(f, fs);
	file_put(f);
	return 0;
}

void files_close_on_exec(struct files *fs)
{
	for (int i = 0; i < NR_OPEN_DEFAULT; i++)
		if (bitmap_test_bit(fs->cloexec, i))
			fd_close(fs, i);
}
