/* Descriptor system calls that need no file system: I/O, dup, fcntl, ioctl. */
#include <kernel/syscall.h>
#include <kernel/proc.h>
#include <kernel/vfs.h>
#include <kernel/locks.h>
#include <core/kmalloc.h>
#include <lib/bitmap.h>

#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC 1
#define IOV_MAX 1024

static struct files *my_files(void)
{
	return current_process()->files;
}

static ssize_t file_io(struct file *f, uptr_t buf, size_t n, bool write)
{
	bool has_pos = f->inode && (S_ISREG(f->inode->mode) || S_ISDIR(f->inode->mode) ||
				    S_ISBLK(f->inode->mode));
	ssize_t ret;

	if (write ? (f->flags & O_ACCMODE) == O_RDONLY : (f->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if (f->inode && S_ISDIR(f->inode->mode))
		return -EISDIR;
	if (!(write ? f->ops->write : f->ops->read))
		return -EINVAL;
	if (!user_range_ok(buf, n))
		return -EFAULT;
	/*
	 * Only files with a position serialize on it (Linux's FMODE_ATOMIC_POS):
	 * a stream (pipe, eventfd, device) may block in read while another
	 * task must get through write on the same open file to wake it.
	 */
	if (has_pos)
		mutex_lock(&f->pos_lock);
	ret = write ? f->ops->write(f, buf, n, &f->pos) : f->ops->read(f, buf, n, &f->pos);
	if (has_pos)
		mutex_unlock(&f->pos_lock);
	return ret;
}

static ssize_t fd_io(int fd, uptr_t buf, size_t n, bool write)
{
	struct file *f = fd_get(my_files(), fd);
	ssize_t ret;

	if (!f)
		return -EBADF;
	ret = file_io(f, buf, n, write);
	file_put(f);
	return ret;
}

SYSCALL_DEFINE3(read, int, fd, uptr_t, buf, size_t, n) { return fd_io(fd, buf, n, false); }
SYSCALL_DEFINE3(write, int, fd, uptr_t, buf, size_t, n) { return fd_io(fd, buf, n, true); }

struct iovec_user {
	uptr_t base;
	size_t len;
};

static ssize_t vector_io(int fd, uptr_t iov_addr, int cnt, bool write)
{
	struct file *f;
	struct iovec_user iov;
	ssize_t total = 0;

	if (cnt < 0 || cnt > IOV_MAX)
		return -EINVAL;
	f = fd_get(my_files(), fd);
	if (!f)
		return -EBADF;
	for (int i = 0; i < cnt; i++) {
		ssize_t r;

		if (copy_from_user(&iov, iov_addr + i * sizeof(iov), sizeof(iov))) {
			total = total ? total : -EFAULT;
			break;
		}
		if (!iov.len)
			continue;
		r = file_io(f, iov.base, iov.len, write);
		if (r < 0) {
			total = total ? total : r;
			break;
		}
		total += r;
		if ((size_t)r < iov.len)
			break;
	}
	file_put(f);
	return total;
}

SYSCALL_DEFINE3(readv, int, fd, uptr_t, iov, int, cnt) { return vector_io(fd, iov, cnt, false); }
SYSCALL_DEFINE3(writev, int, fd, uptr_t, iov, int, cnt) { return vector_io(fd, iov, cnt, true); }

SYSCALL_DEFINE1(close, int, fd)
{
	return fd_close(my_files(), fd);
}

static long dup_to(int oldfd, int min, bool cloexec)
{
	struct file *f = fd_get(my_files(), oldfd);
	int fd;

	if (!f)
		return -EBADF;
	fd = fd_install(my_files(), f, min, cloexec);
	if (fd < 0)
		file_put(f);
	return fd;
}

SYSCALL_DEFINE1(dup, int, fd)
{
	return dup_to(fd, 0, false);
}

SYSCALL_DEFINE3(dup3, int, oldfd, int, newfd, int, flags)
{
	struct files *fs = my_files();
	struct file *f, *old;

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	if (newfd < 0 || newfd >= (int)fs->max)
		return -EBADF;
	f = fd_get(fs, oldfd);
	if (!f)
		return -EBADF;
	spin_lock(&fs->lock);
	old = fs->fd[newfd];
	fs->fd[newfd] = f;
	if (flags & O_CLOEXEC)
		bitmap_set_bit(fs->cloexec, newfd);
	else
		bitmap_clear_bit(fs->cloexec, newfd);
	spin_unlock(&fs->lock);
	if (old) {
		locks_remove_posix(old, fs);	/* closed by the dup, as by close */
		file_put(old);
	}
	return newfd;
}

SYSCALL_DEFINE3(fcntl, int, fd, int, cmd, unsigned long, arg)
{
	struct files *fs = my_files();
	struct file *f = fd_get(fs, fd);
	long ret = 0;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		ret = arg >= fs->max ? -EINVAL : dup_to(fd, (int)arg, cmd == F_DUPFD_CLOEXEC);
		break;
	case F_GETFD:
		ret = bitmap_test_bit(fs->cloexec, fd) ? FD_CLOEXEC : 0;
		break;
	case F_SETFD:
		spin_lock(&fs->lock);
		if (arg & FD_CLOEXEC)
			bitmap_set_bit(fs->cloexec, fd);
		else
			bitmap_clear_bit(fs->cloexec, fd);
		spin_unlock(&fs->lock);
		break;
	case F_GETFL:
		ret = f->flags;
		break;
	case F_SETFL:
		/* Only these status flags may change (Linux); O_DIRECT only
		 * where the file system has direct I/O. */
		if ((arg & O_DIRECT) && !(f->inode && vfs_can_direct(f->inode))) {
			ret = -EINVAL;
			break;
		}
		f->flags = (f->flags & ~(O_APPEND | O_NONBLOCK | O_DIRECT)) |
			   (arg & (O_APPEND | O_NONBLOCK | O_DIRECT));
		break;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		ret = locks_fcntl(f, cmd, arg);
		break;
	default:
		ret = -EINVAL;
	}
	file_put(f);
	return ret;
}

SYSCALL_DEFINE2(flock, int, fd, unsigned int, op)
{
	struct file *f = fd_get(my_files(), fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = locks_flock(f, op);
	file_put(f);
	return ret;
}

SYSCALL_DEFINE3(ioctl, int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct file *f = fd_get(my_files(), fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = f->ops->ioctl ? f->ops->ioctl(f, cmd, arg) : -ENOTTY;
	file_put(f);
	return ret;
}
