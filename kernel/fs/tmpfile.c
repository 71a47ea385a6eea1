/*
 * O_TMPFILE: an unnamed regular file in a directory's file system, gone
 * on its last close unless linkat(2) gives it a name (through
 * /proc/self/fd/N or AT_EMPTY_PATH); O_EXCL forbids that. And which
 * files may be opened O_DIRECT.
 */
#include <kernel/vfs.h>
#include <kernel/mount.h>
#include <kernel/proc.h>
#include <kernel/cred.h>
#include <core/kmalloc.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <mica/err.h>

bool vfs_can_direct(struct inode *ino)
{
	/* Regular files of tmpfs and of the disk file systems take O_DIRECT
	 * (served through the page cache, so it stays coherent: what Linux's
	 * tmpfs does since 6.6); block devices do direct I/O (aligned: see
	 * kernel/block/bdev_file.c); /proc, character devices and
	 * directories refuse it. */
	return (S_ISREG(ino->mode) && (tmpfs_owns(ino) || ino->sb)) || S_ISBLK(ino->mode);
}

struct file *vfs_open_tmpfile(int dirfd, const char *path, int flags, u32 mode)
{
	struct path dir;
	struct inode *ino;
	struct file *f;
	int err;

	/* Linux's build_open_flags: O_DIRECTORY with it, no O_CREAT, and
	 * write access. */
	if ((flags & (O_TMPFILE | O_CREAT)) != O_TMPFILE || (flags & O_ACCMODE) == O_RDONLY)
		return ERR_PTR(-EINVAL);
	err = vfs_lookup_path(dirfd, path, true, &dir);
	if (err)
		return ERR_PTR(err);
	if (!S_ISDIR(dir.ino->mode))
		err = -ENOTDIR;
	else if (READ_ONCE(dir.mnt->flags) & MS_RDONLY)
		err = -EROFS;
	else
		err = inode_permission(dir.ino, MAY_WRITE | MAY_EXEC, false);
	if (!err && !dir.ino->ops->tmpfile)
		err = -EOPNOTSUPP;
	if (!err) {
		mutex_lock(&dir.ino->lock);
		err = dir.ino->ops->tmpfile(dir.ino, mode & ~current_process()->fs->umask, &ino);
		mutex_unlock(&dir.ino->lock);
	}
	if (err) {
		path_put(&dir);
		return ERR_PTR(err);
	}
	if (!(flags & O_EXCL))
		__atomic_fetch_or(&ino->state, I_LINKABLE, __ATOMIC_SEQ_CST);
	f = vfs_open_inode(dir.mnt, ino, flags & ~(O_TMPFILE | O_EXCL));
	inode_put(ino);	/* the open file holds it now, or it goes */
	if (!IS_ERR(f)) {
		/* /proc/self/fd shows it as "<dir>/#<ino> (deleted)", as Linux. */
		char name[24];

		snprintf(name, sizeof(name), "#%lu", (unsigned long)ino->ino);
		f->name = kmalloc(strlen(name) + 1);
		if (f->name) {
			strscpy(f->name, name, strlen(name) + 1);
			f->dir = dir.ino;
			inode_get(f->dir);
		}
	}
	path_put(&dir);
	return f;
}
