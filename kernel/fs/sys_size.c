/*
 * A file's size and space: truncate, ftruncate and fallocate, with the
 * checks Linux makes before the file system's inode_ops.truncate and
 * .fallocate run (under inode.lock).
 */
#include <kernel/syscall.h>
#include <kernel/proc.h>
#include <kernel/cred.h>
#include <kernel/mount.h>
#include <kernel/signal.h>
#include <kernel/signal_numbers.h>
#include <mica/err.h>

#ifndef RLIMIT_FSIZE
#define RLIMIT_FSIZE 1
#endif

#define FALLOC_FL_KEEP_SIZE 0x01
#define FALLOC_FL_PUNCH_HOLE 0x02
#define FALLOC_FL_COLLAPSE_RANGE 0x08
#define FALLOC_FL_ZERO_RANGE 0x10
#define FALLOC_FL_INSERT_RANGE 0x20
#define FALLOC_FL_UNSHARE_RANGE 0x40
#define FALLOC_FL_WRITE_ZEROES 0x80
#define FALLOC_FL_MODE_MASK (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_COLLAPSE_RANGE | \
			     FALLOC_FL_ZERO_RANGE | FALLOC_FL_INSERT_RANGE | \
			     FALLOC_FL_UNSHARE_RANGE | FALLOC_FL_WRITE_ZEROES)

/* Growing ino to size past RLIMIT_FSIZE: SIGXFSZ and -EFBIG (Linux's
 * inode_newsize_ok). */
static int size_limit_ok(struct inode *ino, u64 size)
{
	struct process *p = current_process();

	if (size <= ino->size || size <= p->rlim[RLIMIT_FSIZE].cur)
		return 0;
	signal_send_kernel(p, SIGXFSZ);
	return -EFBIG;
}

/* Set a regular file's size: 0 or -errno. */
static long do_truncate(struct inode *ino, u64 size)
{
	long err;

	if (!ino->ops->truncate)
		return 0;	/* procfs has no sizes: Linux accepts and ignores the call */
	mutex_lock(&ino->lock);
	err = size_limit_ok(ino, size);
	if (!err)
		err = ino->ops->truncate(ino, size);
	if (!err)
		inode_mark_dirty(ino);
	mutex_unlock(&ino->lock);
	return err;
}

SYSCALL_DEFINE2(truncate, uptr_t, upath, long, length)
{
	struct path p;
	long err;

	if (length < 0)
		return -EINVAL;
	err = vfs_user_path(upath, true, &p);
	if (err)
		return err;
	if (S_ISDIR(p.ino->mode))
		err = -EISDIR;
	else if (!S_ISREG(p.ino->mode))
		err = -EINVAL;
	else if (!(err = mnt_want_write(p.mnt)))
		err = inode_permission(p.ino, MAY_WRITE, false);
	if (!err)
		err = inode_get_write_access(p.ino);
	if (!err) {
		err = do_truncate(p.ino, length);
		inode_put_write_access(p.ino);
	}
	path_put(&p);
	return err;
}

SYSCALL_DEFINE2(ftruncate, int, fd, long, length)
{
	struct file *f;
	long err;

	if (length < 0)
		return -EINVAL;
	f = fd_get(current_process()->files, fd);
	if (!f)
		return -EBADF;
	if (!f->inode || !S_ISREG(f->inode->mode) || (f->flags & O_ACCMODE) == O_RDONLY)
		err = -EINVAL;	/* pipes, directories, devices, read-only opens */
	else
		err = do_truncate(f->inode, length);
	file_put(f);
	return err;
}

/* Linux's vfs_fallocate checks (6.15 on), in its order: 0 or -errno. The
 * modes exclude each other; KEEP_SIZE is a flag to some of them. */
static long fallocate_check(struct file *f, int mode, long off, long len)
{
	struct inode *ino = f->inode;

	if (off < 0 || len <= 0)
		return -EINVAL;
	if (mode & ~(FALLOC_FL_MODE_MASK | FALLOC_FL_KEEP_SIZE))
		return -EOPNOTSUPP;
	switch (mode & FALLOC_FL_MODE_MASK) {
	case 0:	/* allocate */
	case FALLOC_FL_UNSHARE_RANGE:
	case FALLOC_FL_ZERO_RANGE:
		break;
	case FALLOC_FL_PUNCH_HOLE:
		if (!(mode & FALLOC_FL_KEEP_SIZE))
			return -EOPNOTSUPP;
		break;
	case FALLOC_FL_COLLAPSE_RANGE:
	case FALLOC_FL_INSERT_RANGE:
	case FALLOC_FL_WRITE_ZEROES:
		if (mode & FALLOC_FL_KEEP_SIZE)
			return -EOPNOTSUPP;
		break;
	default:
		return -EOPNOTSUPP;
	}
	if ((f->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (!ino)
		return -ESPIPE;	/* a pipe */
	if (S_ISDIR(ino->mode))
		return -EISDIR;
	if (!S_ISREG(ino->mode))
		return -ENODEV;
	if ((u64)off + (u64)len > (~0ULL >> 1))
		return -EFBIG;
	if (!ino->ops->fallocate)
		return -EOPNOTSUPP;
	return 0;
}

SYSCALL_DEFINE4(fallocate, int, fd, int, mode, long, off, long, len)
{
	struct file *f = fd_get(current_process()->files, fd);
	struct inode *ino;
	long err;

	if (!f)
		return -EBADF;
	err = fallocate_check(f, mode, off, len);
	if (err)
		goto out;
	ino = f->inode;
	mutex_lock(&ino->lock);
	if (!(mode & FALLOC_FL_KEEP_SIZE))
		err = size_limit_ok(ino, (u64)off + (u64)len);
	if (!err)
		err = ino->ops->fallocate(ino, mode, off, len);
	if (!err)
		inode_mark_dirty(ino);
	mutex_unlock(&ino->lock);
out:
	file_put(f);
	return err;
}
