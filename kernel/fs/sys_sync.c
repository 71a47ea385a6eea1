/*
 * Making data durable: sync, syncfs, fsync, fdatasync, sync_file_range.
 * Disk file systems write through their inode_ops.fsync, or by default
 * the page cache and then the inode; whole file systems through
 * fs_type.sync. tmpfs has nothing to write and succeeds; files that
 * cannot be synced (pipes, devices, /proc) give EINVAL as on Linux.
 */
#include <kernel/syscall.h>
#include <kernel/proc.h>
#include <kernel/mount.h>
#include <kernel/pagecache.h>
#include <mica/err.h>

#define SYNC_FILE_RANGE_WAIT_BEFORE 1
#define SYNC_FILE_RANGE_WRITE 2
#define SYNC_FILE_RANGE_WAIT_AFTER 4

/* fsync(2) of an open file: 0 or -errno. */
int vfs_fsync(struct file *f, bool datasync)
{
	struct inode *ino = f->inode;
	int err;

	if (f->ops->fsync)
		return f->ops->fsync(f, datasync);	/* block special files */
	if (!ino || !(S_ISREG(ino->mode) || S_ISDIR(ino->mode)))
		return -EINVAL;	/* pipes, devices: no fsync in their file ops */
	if (tmpfs_owns(ino))
		return 0;	/* memory only (Linux's noop_fsync) */
	if (!ino->sb)
		return -EINVAL;	/* /proc */
	if (ino->ops->fsync)
		return ino->ops->fsync(ino, datasync);
	/* fdatasync also writes the inode: Mica does not tell a size change
	 * (needed for the data) from a time change, so it writes both. */
	err = filemap_write_range(ino, 0, ~0ULL);	/* nothing for memory-only caches */
	return err ? err : inode_write_if_dirty(ino, true);
}

static long fsync_fd(int fd, bool datasync)
{
	struct file *f = fd_get(current_process()->files, fd);
	long err;

	if (!f)
		return -EBADF;
	err = vfs_fsync(f, datasync);
	file_put(f);
	return err;
}

SYSCALL_DEFINE1(fsync, int, fd) { return fsync_fd(fd, false); }
SYSCALL_DEFINE1(fdatasync, int, fd) { return fsync_fd(fd, true); }

/* The file system's inodes first (data and on-disk inodes), then what
 * the file system keeps itself (its journal, bitmaps, super block). */
static int sync_sb(struct super_block *sb, void *arg)
{
	int *first = arg;
	int err = 0;

	if (READ_ONCE(sb->flags) & MS_RDONLY)
		return 0;
	err = filemap_sync_sb(sb);
	if (sb->type->sync) {
		int e = sb->type->sync(sb, true);

		if (!err)
			err = e;
	}
	if (err && !*first)
		*first = err;
	return 0;	/* go on with the others */
}

SYSCALL_DEFINE0(sync)
{
	int first = 0;

	sb_for_each(sync_sb, &first);
	return 0;	/* sync(2) cannot fail */
}

SYSCALL_DEFINE1(syncfs, int, fd)
{
	struct file *f = fd_get(current_process()->files, fd);
	int err = 0;

	if (!f)
		return -EBADF;
	if (f->mnt && f->mnt->sb)
		sync_sb(f->mnt->sb, &err);
	file_put(f);
	return err;
}

SYSCALL_DEFINE4(sync_file_range, int, fd, long, off, long, nbytes, unsigned int, flags)
{
	u64 end = (u64)off + (u64)nbytes;
	struct file *f;
	struct inode *ino;
	long err = 0;

	if (flags & ~(SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE |
		      SYNC_FILE_RANGE_WAIT_AFTER))
		return -EINVAL;
	if (off < 0 || (s64)end < 0 || end < (u64)off)
		return -EINVAL;
	end = nbytes ? end - 1 : ~0ULL >> 1;
	f = fd_get(current_process()->files, fd);
	if (!f)
		return -EBADF;
	ino = f->inode;
	if (!ino || !(S_ISREG(ino->mode) || S_ISDIR(ino->mode) || S_ISLNK(ino->mode) ||
		      (ino->mode & S_IFMT) == S_IFBLK))
		err = -ESPIPE;
	else if ((flags & SYNC_FILE_RANGE_WRITE) && f->ops->fsync)
		err = f->ops->fsync(f, true);	/* a block special file: all of it */
	else if (flags & SYNC_FILE_RANGE_WRITE)
		err = filemap_write_range(ino, (u64)off, end);
	file_put(f);
	return err;
}
