/*
 * File-system system calls: open, stat, directories, links, renames,
 * cwd and umask, seek and positioned I/O.
 */
#include <kernel/syscall.h>
#include <kernel/proc.h>
#include <kernel/vfs.h>
#include <kernel/cred.h>
#include <kernel/dcache.h>
#include <kernel/mount.h>
#include <core/kmalloc.h>
#include <lib/string.h>
#include <mica/err.h>

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4
#define AT_EACCESS 0x200

/* A path from user space, in a kmalloc'd buffer the caller frees. */
static char *get_path(uptr_t upath, long *err)
{
	char *p = kmalloc(PATH_MAX);
	long n;

	if (!p) {
		*err = -ENOMEM;
		return NULL;
	}
	n = strncpy_from_user(p, upath, PATH_MAX);
	if (n < 0) {
		kfree(p);
		*err = n;
		return NULL;
	}
	*err = 0;
	return p;
}

static struct files *my_files(void) { return current_process()->files; }
static struct fs_context *my_fs(void) { return current_process()->fs; }

SYSCALL_DEFINE4(openat, int, dirfd, uptr_t, upath, int, flags, u32, mode)
{
	long err;
	char *path = get_path(upath, &err);
	struct file *f;
	int fd;

	if (!path)
		return err;
	f = vfs_open(dirfd, path, flags, mode);
	kfree(path);
	if (IS_ERR(f))
		return PTR_ERR(f);
	fd = fd_install(my_files(), f, 0, flags & O_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}

/* asm-generic struct stat (riscv64). */
struct kstat {
	u64 st_dev, st_ino;
	u32 st_mode, st_nlink, st_uid, st_gid;
	u64 st_rdev, __pad1;
	s64 st_size;
	s32 st_blksize, __pad2;
	s64 st_blocks;
	s64 st_atime;
	u64 st_atime_nsec;
	s64 st_mtime;
	u64 st_mtime_nsec;
	s64 st_ctime;
	u64 st_ctime_nsec;
	u32 __unused4, __unused5;
};

static void fill_stat(struct inode *ino, struct kstat *st)
{
	if (ino->ops->getattr)
		ino->ops->getattr(ino);
	memset(st, 0, sizeof(*st));
	st->st_dev = ino->dev;	/* anonymous devices 0:N encode as N */
	st->st_ino = ino->ino;
	st->st_mode = ino->mode;
	st->st_nlink = ino->nlink;
	st->st_uid = ino->uid;
	st->st_gid = ino->gid;
	st->st_rdev = ino->rdev;
	st->st_size = (s64)ino->size;
	st->st_blksize = 4096;
	st->st_blocks = (s64)DIV_ROUND_UP(ino->size, 512);
	st->st_atime = ino->atime.sec;
	st->st_atime_nsec = ino->atime.nsec;
	st->st_mtime = ino->mtime.sec;
	st->st_mtime_nsec = ino->mtime.nsec;
	st->st_ctime = ino->ctime.sec;
	st->st_ctime_nsec = ino->ctime.nsec;
}

/* The inode for a *at() call: path, or dirfd itself with AT_EMPTY_PATH. */
static struct inode *at_inode(int dirfd, uptr_t upath, int flags, long *err)
{
	struct inode *ino;
	char *path;

	path = get_path(upath, err);
	if (!path)
		return NULL;
	if (!*path && (flags & AT_EMPTY_PATH))
		ino = vfs_fd_inode(dirfd, -EBADF);
	else
		ino = vfs_lookup(dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW));
	kfree(path);
	*err = IS_ERR(ino) ? PTR_ERR(ino) : 0;
	return IS_ERR(ino) ? NULL : ino;
}

SYSCALL_DEFINE4(newfstatat, int, dirfd, uptr_t, upath, uptr_t, ubuf, int, flags)
{
	struct kstat st;
	long err;
	struct inode *ino;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	ino = at_inode(dirfd, upath, flags, &err);
	if (!ino)
		return err;
	fill_stat(ino, &st);
	inode_put(ino);
	return copy_to_user(ubuf, &st, sizeof(st));
}

SYSCALL_DEFINE2(fstat, int, fd, uptr_t, ubuf)
{
	struct file *f = fd_get(my_files(), fd);
	struct kstat st;

	if (!f)
		return -EBADF;
	if (f->inode) {
		fill_stat(f->inode, &st);
	} else {
		/* Pipes and other anonymous files. */
		memset(&st, 0, sizeof(st));
		st.st_mode = S_IFIFO | 0600;
		st.st_nlink = 1;
		st.st_blksize = 4096;
	}
	file_put(f);
	return copy_to_user(ubuf, &st, sizeof(st));
}

struct statx_timestamp {
	s64 tv_sec;
	u32 tv_nsec;
	s32 __reserved;
};

struct kstatx {
	u32 stx_mask, stx_blksize;
	u64 stx_attributes;
	u32 stx_nlink, stx_uid, stx_gid;
	u16 stx_mode, __spare0;
	u64 stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	u32 stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	u64 __spare2[14];
};

#define STATX_BASIC_STATS 0x7ff

SYSCALL_DEFINE5(statx, int, dirfd, uptr_t, upath, int, flags, u32, mask, uptr_t, ubuf)
{
	struct kstatx sx;
	struct inode *ino;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | 0x6000 /* AT_STATX_SYNC_TYPE */) ||
	    (mask & 0x80000000U /* STATX__RESERVED */))
		return -EINVAL;
	ino = at_inode(dirfd, upath, flags, &err);
	if (!ino)
		return err;
	if (ino->ops->getattr)
		ino->ops->getattr(ino);
	memset(&sx, 0, sizeof(sx));
	sx.stx_mask = STATX_BASIC_STATS;
	sx.stx_blksize = 4096;
	sx.stx_nlink = ino->nlink;
	sx.stx_uid = ino->uid;
	sx.stx_gid = ino->gid;
	sx.stx_mode = (u16)ino->mode;
	sx.stx_ino = ino->ino;
	sx.stx_size = ino->size;
	sx.stx_blocks = DIV_ROUND_UP(ino->size, 512);
	sx.stx_atime = (struct statx_timestamp){ ino->atime.sec, (u32)ino->atime.nsec, 0 };
	sx.stx_ctime = (struct statx_timestamp){ ino->ctime.sec, (u32)ino->ctime.nsec, 0 };
	sx.stx_mtime = (struct statx_timestamp){ ino->mtime.sec, (u32)ino->mtime.nsec, 0 };
	sx.stx_rdev_major = ino->rdev >> 8;
	sx.stx_rdev_minor = ino->rdev & 0xff;
	sx.stx_dev_minor = ino->dev;
	inode_put(ino);
	return copy_to_user(ubuf, &sx, sizeof(sx));
}

SYSCALL_DEFINE3(getdents64, int, fd, uptr_t, buf, size_t, n)
{
	struct file *f = fd_get(my_files(), fd);
	ssize_t ret;

	if (!f)
		return -EBADF;
	if (!f->ops->getdents) {
		file_put(f);
		return -ENOTDIR;
	}
	mutex_lock(&f->pos_lock);
	ret = f->ops->getdents(f, buf, n, &f->pos);
	mutex_unlock(&f->pos_lock);
	file_put(f);
	return ret;
}

SYSCALL_DEFINE3(lseek, int, fd, long, off, int, whence)
{
	struct file *f = fd_get(my_files(), fd);
	long ret;

	if (!f)
		return -EBADF;
	if (!f->inode || !(S_ISREG(f->inode->mode) || S_ISDIR(f->inode->mode) ||
			   S_ISCHR(f->inode->mode) || S_ISBLK(f->inode->mode))) {
		file_put(f);
		return -ESPIPE;
	}
	mutex_lock(&f->pos_lock);
	switch (whence) {
	case SEEK_SET:
		ret = off;
		break;
	case SEEK_CUR:
		ret = (long)f->pos + off;
		break;
	case SEEK_END:
		ret = (long)(f->ops->size ? f->ops->size(f) : f->inode->size) + off;
		break;
	default:
		ret = -EINVAL;
	}
	if (ret < 0 && whence >= SEEK_SET && whence <= SEEK_END)
		ret = -EINVAL;
	if (ret >= 0)
		f->pos = ret;
	mutex_unlock(&f->pos_lock);
	file_put(f);
	return ret;
}

static ssize_t positioned_io(int fd, uptr_t buf, size_t n, long off, bool write)
{
	struct file *f = fd_get(my_files(), fd);
	u64 pos = off;
	ssize_t ret;

	if (!f)
		return -EBADF;
	if (off < 0)
		ret = -EINVAL;
	else if (!f->inode || !(S_ISREG(f->inode->mode) || S_ISBLK(f->inode->mode)))
		ret = f->inode && S_ISDIR(f->inode->mode) ? -EISDIR : -ESPIPE;
	else if (write ? (f->flags & O_ACCMODE) == O_RDONLY : (f->flags & O_ACCMODE) == O_WRONLY)
		ret = -EBADF;
	else if (!user_range_ok(buf, n))
		ret = -EFAULT;
	else
		ret = write ? f->ops->write(f, buf, n, &pos) : f->ops->read(f, buf, n, &pos);
	file_put(f);
	return ret;
}

SYSCALL_DEFINE4(pread64, int, fd, uptr_t, buf, size_t, n, long, off)
{
	return positioned_io(fd, buf, n, off, false);
}

SYSCALL_DEFINE4(pwrite64, int, fd, uptr_t, buf, size_t, n, long, off)
{
	return positioned_io(fd, buf, n, off, true);
}

/* Run op on the parent directory of upath, locked: an operation that
 * changes the name (make, remove, link), so its cached entry goes. */
typedef long (*dir_op_fn)(struct inode *dir, const char *name, bool must_dir, void *arg);

static long with_parent(int dirfd, uptr_t upath, dir_op_fn op, void *arg)
{
	char name[NAME_MAX + 1];
	bool must_dir;
	struct path dir;
	long err;
	char *path = get_path(upath, &err);

	if (!path)
		return err;
	err = vfs_lookup_parent_path(dirfd, path, name, &must_dir, &dir);
	kfree(path);
	if (err)
		return err;
	err = inode_permission(dir.ino, MAY_WRITE | MAY_EXEC, false);
	if (!err)
		err = mnt_want_write(dir.mnt);
	if (!err) {
		mutex_lock(&dir.ino->lock);
		err = op(dir.ino, name, must_dir, arg);
		dcache_forget(dir.ino, name);
		mutex_unlock(&dir.ino->lock);
	}
	path_put(&dir);
	return err;
}

/*
 * A directory whose file system cannot do the operation (procfs, where
 * looking up a name that does not exist fails): a missing name is ENOENT,
 * a name to be made that exists EEXIST, a name to be removed EPERM.
 * exist: the operation needs the name to exist. dir->lock held.
 */
static long unsupported(struct inode *dir, const char *name, bool exist)
{
	struct inode *ino;
	long err = dir->ops->lookup(dir, name, &ino);

	if (err)
		return err;
	inode_put(ino);
	return exist ? -EPERM : -EEXIST;
}

static long mkdir_op(struct inode *dir, const char *name, bool must_dir, void *arg)
{
	u32 mode = *(u32 *)arg;

	(void)must_dir;
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return -EEXIST;
	if (!dir->ops->create)
		return unsupported(dir, name, false);
	return dir->ops->create(dir, name, S_IFDIR | (mode & 07777 & ~my_fs()->umask), 0, NULL);
}

SYSCALL_DEFINE3(mkdirat, int, dirfd, uptr_t, path, u32, mode)
{
	return with_parent(dirfd, path, mkdir_op, &mode);
}

struct mknod_args {
	u32 mode, rdev;
};

static long mknod_op(struct inode *dir, const char *name, bool must_dir, void *arg)
{
	struct mknod_args *a = arg;

	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return -EEXIST;
	if (must_dir)
		return -ENOENT;	/* Linux: a trailing slash only names a directory to make */
	if (!dir->ops->create)
		return unsupported(dir, name, false);
	return dir->ops->create(dir, name, a->mode, a->rdev, NULL);
}

/* Block devices: mknod for mdev -s and the like. FIFOs and sockets in a
 * file system cannot be opened by Mica yet: they are refused. */
SYSCALL_DEFINE4(mknodat, int, dirfd, uptr_t, path, u32, mode, u64, dev)
{
	/* The user's dev_t: major in bits 8-19, minor in 0-7 and 20-31. */
	u32 major = (u32)((dev >> 8) & 0xfff), minor = (u32)((dev & 0xff) | ((dev >> 12) & 0xfff00));
	struct mknod_args a = { 0, 0 };

	switch (mode & S_IFMT) {
	case 0:
	case S_IFREG:
		a.mode = S_IFREG;
		break;
	case S_IFCHR:
	case S_IFBLK:
		if (!capable_root())
			return -EPERM;	/* CAP_MKNOD */
		if (major > 0xff || minor > 0xff)
			return -EINVAL;	/* Mica's device numbers are 8+8 bits */
		a.mode = mode & S_IFMT;
		a.rdev = MKDEV(major, minor);
		break;
	case S_IFIFO:
	case S_IFSOCK:
		return -EOPNOTSUPP;
	case S_IFDIR:
		return -EPERM;	/* Linux's may_mknod: mkdir makes directories */
	default:
		return -EINVAL;
	}
	a.mode |= mode & 07777 & ~my_fs()->umask;
	return with_parent(dirfd, path, mknod_op, &a);
}

static long unlink_op(struct inode *dir, const char *name, bool must_dir, void *arg)
{
	bool rmdir = *(bool *)arg;

	if (!strcmp(name, "."))
		return rmdir ? -EINVAL : -EISDIR;
	if (!strcmp(name, ".."))
		return rmdir ? -ENOTEMPTY : -EISDIR;
	if (must_dir && !rmdir) {
		struct inode *ino;
		long err = dir->ops->lookup(dir, name, &ino);

		if (err)
			return err;
		err = S_ISDIR(ino->mode) ? -EISDIR : -ENOTDIR;
		inode_put(ino);
		return err;
	}
	if (!dir->ops->unlink)
		return unsupported(dir, name, true);
	return dir->ops->unlink(dir, name, rmdir);
}

SYSCALL_DEFINE3(unlinkat, int, dirfd, uptr_t, path, int, flags)
{
	bool rmdir = flags & AT_REMOVEDIR;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	return with_parent(dirfd, path, unlink_op, &rmdir);
}

static long symlink_op(struct inode *dir, const char *name, bool must_dir, void *arg)
{
	(void)must_dir;
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return -EEXIST;
	if (!dir->ops->symlink)
		return unsupported(dir, name, false);
	return dir->ops->symlink(dir, name, arg);
}

SYSCALL_DEFINE3(symlinkat, uptr_t, utarget, int, dirfd, uptr_t, path)
{
	long err;
	char *target = get_path(utarget, &err);

	if (!target)
		return err;
	err = *target ? with_parent(dirfd, path, symlink_op, target) : -ENOENT;
	kfree(target);
	return err;
}

static long link_op(struct inode *dir, const char *name, bool must_dir, void *arg)
{
	struct inode *target = arg;
	long err;

	(void)must_dir;
	if (target->dev != dir->dev)
		return -EXDEV;	/* links stay within one file system */
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return -EEXIST;
	/* A file with no links stays so, unless O_TMPFILE made it linkable. */
	if (!target->nlink && !(READ_ONCE(target->state) & I_LINKABLE))
		return -ENOENT;
	if (!dir->ops->link)
		return unsupported(dir, name, false);
	err = dir->ops->link(dir, name, target);
	if (!err)
		__atomic_fetch_and(&target->state, ~I_LINKABLE, __ATOMIC_SEQ_CST);
	return err;
}

SYSCALL_DEFINE5(linkat, int, olddirfd, uptr_t, oldpath, int, newdirfd, uptr_t, newpath, int,
		flags)
{
	long err;
	struct inode *target;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	target = at_inode(olddirfd, oldpath, (flags & AT_EMPTY_PATH) |
				     ((flags & AT_SYMLINK_FOLLOW) ? 0 : AT_SYMLINK_NOFOLLOW), &err);
	if (!target)
		return err;
	err = with_parent(newdirfd, newpath, link_op, target);
	inode_put(target);
	return err;
}

SYSCALL_DEFINE4(readlinkat, int, dirfd, uptr_t, upath, uptr_t, buf, int, size)
{
	char *tmp;
	long err;
	struct inode *ino;

	if (size <= 0)
		return -EINVAL;
	ino = at_inode(dirfd, upath, AT_SYMLINK_NOFOLLOW, &err);
	if (!ino)
		return err;
	if (!S_ISLNK(ino->mode)) {
		inode_put(ino);
		return -EINVAL;
	}
	tmp = kmalloc(PATH_MAX);
	if (!tmp) {
		inode_put(ino);
		return -ENOMEM;
	}
	err = ino->ops->readlink(ino, tmp, MIN((size_t)size, (size_t)PATH_MAX));
	inode_put(ino);
	if (err > 0 && copy_to_user(buf, tmp, err))
		err = -EFAULT;
	kfree(tmp);
	return err;
}

/* Serializes renames between two directories (renameat2). */
static struct mutex rename_mutex = MUTEX_INIT(rename_mutex);

/*
 * Is directory a an ancestor of directory d, below root (the mount's)?
 * Follows ".." with the file system's lookup, one directory locked at a
 * time. rename_mutex held: only renames between directories change who
 * is whose ancestor, so the chain holds still.
 */
static bool dir_is_ancestor(struct inode *a, struct inode *d, struct inode *root)
{
	struct inode *cur = d, *up;
	bool found = false;

	inode_get(cur);
	for (int depth = 0; depth < 4096 && cur != root && !found; depth++) {
		int err;

		mutex_lock(&cur->lock);
		err = cur->ops->lookup ? cur->ops->lookup(cur, "..", &up) : -ENOENT;
		mutex_unlock(&cur->lock);
		if (err)
			break;
		if (up == cur) {	/* the file system's root */
			inode_put(up);
			break;
		}
		inode_put(cur);
		cur = up;
		found = cur == a;
	}
	inode_put(cur);
	return found;
}

SYSCALL_DEFINE5(renameat2, int, olddirfd, uptr_t, oldpath, int, newdirfd, uptr_t, newpath,
		unsigned int, flags)
{
	char oname[NAME_MAX + 1], nname[NAME_MAX + 1];
	struct path opath = { 0 }, npath = { 0 };
	struct inode *odir = NULL, *ndir = NULL;
	char *op = NULL, *np = NULL;
	long err;

	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT) ||
	    ((flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)) && (flags & RENAME_EXCHANGE)))
		return -EINVAL;	/* (whiteouts need no privilege since Linux 5.8) */
	op = get_path(oldpath, &err);
	if (op)
		np = get_path(newpath, &err);
	if (!op || !np)
		goto out;
	err = vfs_lookup_parent_path(olddirfd, op, oname, NULL, &opath);
	if (err)
		goto out;
	odir = opath.ino;
	err = vfs_lookup_parent_path(newdirfd, np, nname, NULL, &npath);
	if (err)
		goto out;
	ndir = npath.ino;
	if (!strcmp(oname, ".") || !strcmp(oname, "..") || !strcmp(nname, ".") ||
	    !strcmp(nname, "..")) {
		err = -EBUSY;
		goto out;
	}
	err = inode_permission(odir, MAY_WRITE | MAY_EXEC, false);
	if (!err)
		err = inode_permission(ndir, MAY_WRITE | MAY_EXEC, false);
	if (!err)
		err = opath.mnt != npath.mnt ? -EXDEV : mnt_want_write(opath.mnt);
	if (err)
		goto out;
	/* Lock both directories, as Linux's lock_rename: renames across
	 * directories go one at a time (s_vfs_rename_mutex; they alone hold
	 * two directories' locks while they wait for a third, the one they
	 * move in ext4_rename), and an ancestor is locked before its
	 * descendant (rmdir and rename lock a parent, then the child they
	 * remove or move); unrelated directories by address. */
	if (odir != ndir)
		mutex_lock(&rename_mutex);
	if (odir == ndir) {
		mutex_lock(&odir->lock);
	} else if (dir_is_ancestor(ndir, odir, opath.mnt->root)) {
		mutex_lock(&ndir->lock);	/* an ancestor before its descendant */
		mutex_lock(&odir->lock);
	} else if (dir_is_ancestor(odir, ndir, opath.mnt->root) || odir < ndir) {
		mutex_lock(&odir->lock);
		mutex_lock(&ndir->lock);
	} else {
		mutex_lock(&ndir->lock);
		mutex_lock(&odir->lock);
	}
	if (odir->dev != ndir->dev) {
		err = -EXDEV;	/* renames stay within one file system */
	} else if (!odir->ops->rename) {
		err = unsupported(odir, oname, true);	/* the source must exist, */
		if (err == -EPERM)
			err = unsupported(ndir, nname, true);	/* and so must the target */
	} else {
		err = odir->ops->rename(odir, oname, ndir, nname, flags);
		dcache_forget(odir, oname);
		dcache_forget(ndir, nname);
	}
	mutex_unlock(&odir->lock);
	if (odir != ndir) {
		mutex_unlock(&ndir->lock);
		mutex_unlock(&rename_mutex);
	}
out:
	if (opath.ino)
		path_put(&opath);
	if (npath.ino)
		path_put(&npath);
	kfree(op);
	kfree(np);
	return err;
}

static long do_faccessat(int dirfd, uptr_t upath, int mode, int flags)
{
	struct inode *ino;
	long err;

	if (mode & ~(R_OK | W_OK | X_OK) || flags & ~(AT_SYMLINK_NOFOLLOW | AT_EACCESS | AT_EMPTY_PATH))
		return -EINVAL;
	ino = at_inode(dirfd, upath, flags, &err);
	if (!ino)
		return err;
	/* access(2) checks with the real ids, unless AT_EACCESS. R_OK, W_OK and
	 * X_OK have the values of MAY_READ, MAY_WRITE and MAY_EXEC. */
	err = inode_permission(ino, mode, !(flags & AT_EACCESS));
	inode_put(ino);
	return err;
}

/* faccessat(2) has no flags argument; faccessat2 added one. */
SYSCALL_DEFINE3(faccessat, int, dirfd, uptr_t, upath, int, mode)
{
	return do_faccessat(dirfd, upath, mode, 0);
}

SYSCALL_DEFINE4(faccessat2, int, dirfd, uptr_t, upath, int, mode, int, flags)
{
	return do_faccessat(dirfd, upath, mode, flags);
}

static long set_cwd(struct path *p)
{
	long err = S_ISDIR(p->ino->mode) ? inode_permission(p->ino, MAY_EXEC, false) : -ENOTDIR;

	if (err) {
		path_put(p);
		return err;
	}
	vfs_set_cwd(p);
	return 0;
}

SYSCALL_DEFINE1(chdir, uptr_t, upath)
{
	long err;
	char *path = get_path(upath, &err);
	struct path p;

	if (!path)
		return err;
	err = vfs_lookup_path(AT_FDCWD, path, true, &p);
	kfree(path);
	return err ? err : set_cwd(&p);
}

SYSCALL_DEFINE1(fchdir, int, fd)
{
	struct path p;
	long err = vfs_fd_path(fd, -ENOTDIR, &p);

	return err ? err : set_cwd(&p);
}

SYSCALL_DEFINE2(getcwd, uptr_t, buf, size_t, size)
{
	char *path = kmalloc(PATH_MAX), *name;
	struct path cwd, root;
	size_t len;
	long ret;

	if (!path)
		return -ENOMEM;
	vfs_get_cwd(&cwd);
	vfs_get_root(&root);
	if (!cwd.ino->nlink) {
		/* The working directory was removed (Linux says ENOENT). */
		ret = -ENOENT;
		goto out;
	}
	name = vfs_path_name(&cwd, &root, path, PATH_MAX);
	if (IS_ERR(name)) {
		ret = PTR_ERR(name);
		goto out;
	}
	len = strlen(name) + 1;
	if (len > size)
		ret = -ERANGE;
	else
		ret = copy_to_user(buf, name, len) ? -EFAULT : (long)len;
out:
	path_put(&cwd);
	path_put(&root);
	kfree(path);
	return ret;
}

SYSCALL_DEFINE1(umask, u32, mask)
{
	struct fs_context *fs = my_fs();
	u32 old;

	spin_lock(&fs->lock);
	old = fs->umask;
	fs->umask = mask & 0777;
	spin_unlock(&fs->lock);
	return old;
}

/* Change an inode's attributes under its lock. */
static long set_mode(struct inode *ino, u32 mode)
{
	if (!inode_owner_or_root(ino))
		return -EPERM;
	mutex_lock(&ino->lock);
	ino->mode = (ino->mode & S_IFMT) | (mode & 07777);
	inode_touch(ino, false);
	mutex_unlock(&ino->lock);
	return 0;
}

static long set_owner(struct inode *ino, int uid, int gid)
{
	const struct cred *c = current_cred();

	/* Root may give files away; an owner may only change the group to one
	 * of its own. */
	if (c->fsuid && ((uid != -1 && (u32)uid != ino->uid) || c->fsuid != ino->uid ||
			 (gid != -1 && (u32)gid != c->fsgid && (u32)gid != ino->gid)))
		return -EPERM;
	mutex_lock(&ino->lock);
	if (uid != -1)
		ino->uid = uid;
	if (gid != -1)
		ino->gid = gid;
	/* Linux clears set-id bits when the owner of a non-directory changes. */
	if (!S_ISDIR(ino->mode) && (uid != -1 || gid != -1))
		ino->mode &= ~06000;
	inode_touch(ino, false);
	mutex_unlock(&ino->lock);
	return 0;
}

/*
 * The file whose attributes a call changes: fd's (by_fd), or what upath
 * names from dirfd with flags (AT_EMPTY_PATH, AT_SYMLINK_NOFOLLOW). The
 * inode (referenced), or NULL and *err; -EROFS on a read-only mount.
 */
static struct inode *attr_inode(int dirfd, uptr_t upath, int flags, bool by_fd, long *err)
{
	struct inode *ino = NULL;
	struct path p;
	char *path;

	if (by_fd) {
		*err = vfs_fd_path(dirfd, -EINVAL, &p);
	} else {
		path = get_path(upath, err);
		if (!path)
			return NULL;
		if (!*path && (flags & AT_EMPTY_PATH))
			*err = vfs_fd_path(dirfd, -EBADF, &p);
		else
			*err = vfs_lookup_path(dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), &p);
		kfree(path);
	}
	if (*err)
		return NULL;
	*err = mnt_want_write(p.mnt);
	if (!*err) {
		ino = p.ino;
		inode_get(ino);
	}
	path_put(&p);
	return ino;
}

SYSCALL_DEFINE3(fchmodat, int, dirfd, uptr_t, path, u32, mode)
{
	long err;
	struct inode *ino = attr_inode(dirfd, path, 0, false, &err);

	if (!ino)
		return err;
	err = set_mode(ino, mode);
	inode_put(ino);
	return err;
}

SYSCALL_DEFINE2(fchmod, int, fd, u32, mode)
{
	long err;
	struct inode *ino = attr_inode(fd, 0, 0, true, &err);

	if (!ino)
		return err;
	err = set_mode(ino, mode);
	inode_put(ino);
	return err;
}

SYSCALL_DEFINE5(fchownat, int, dirfd, uptr_t, path, int, uid, int, gid, int, flags)
{
	long err;
	struct inode *ino;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	ino = attr_inode(dirfd, path, flags, false, &err);
	if (!ino)
		return err;
	err = set_owner(ino, uid, gid);
	inode_put(ino);
	return err;
}

SYSCALL_DEFINE3(fchown, int, fd, int, uid, int, gid)
{
	long err;
	struct inode *ino = attr_inode(fd, 0, 0, true, &err);

	if (!ino)
		return err;
	err = set_owner(ino, uid, gid);
	inode_put(ino);
	return err;
}

#define UTIME_NOW ((1L << 30) - 1)
#define UTIME_OMIT ((1L << 30) - 2)

SYSCALL_DEFINE4(utimensat, int, dirfd, uptr_t, path, uptr_t, utimes, int, flags)
{
	struct { s64 sec; long nsec; } ts[2];
	struct timespec64 now = vfs_now();
	struct inode *ino;
	long err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (utimes && copy_from_user(ts, utimes, sizeof(ts)))
		return -EFAULT;
	for (int i = 0; utimes && i < 2; i++)
		if (ts[i].nsec != UTIME_NOW && ts[i].nsec != UTIME_OMIT &&
		    (ts[i].nsec < 0 || ts[i].nsec >= 1000000000L))
			return -EINVAL;
	/* A NULL path means the file dirfd refers to. */
	ino = attr_inode(dirfd, path, flags, !path, &err);
	if (!ino)
		return err;
	/* Setting times to now needs write access; setting given times, ownership. */
	if (!inode_owner_or_root(ino) &&
	    (utimes || inode_permission(ino, MAY_WRITE, false))) {
		inode_put(ino);
		return utimes ? -EPERM : -EACCES;
	}
	mutex_lock(&ino->lock);
	for (int i = 0; i < 2; i++) {
		struct timespec64 *t = i ? &ino->mtime : &ino->atime;

		if (!utimes || ts[i].nsec == UTIME_NOW)
			*t = now;
		else if (ts[i].nsec != UTIME_OMIT)
			*t = (struct timespec64){ ts[i].sec, ts[i].nsec };
	}
	ino->ctime = now;
	inode_mark_dirty(ino);	/* disk file systems write the new times */
	mutex_unlock(&ino->lock);
	inode_put(ino);
	return 0;
}
