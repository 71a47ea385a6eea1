/*
 * Extended attributes: set/get/list/removexattr in their path, l(ink)
 * and f(d) forms. The VFS copies and checks names and sizes and makes
 * Linux's namespace checks (xattr_permission, and commoncap's for
 * security.*); the file system stores them through its inode_ops hooks,
 * called with inode.lock held, and has none: EOPNOTSUPP.
 */
#include <kernel/syscall.h>
#include <kernel/proc.h>
#include <kernel/vfs.h>
#include <kernel/cred.h>
#include <kernel/mount.h>
#include <core/kmalloc.h>
#include <lib/string.h>
#include <mica/err.h>

#define XATTR_NAME_MAX 255
#define XATTR_SIZE_MAX 65536
#define XATTR_LIST_MAX 65536
#define XATTR_CREATE 1
#define XATTR_REPLACE 2

static bool has_prefix(const char *name, const char *prefix)
{
	return !strncmp(name, prefix, strlen(prefix));
}

/* Copy an attribute name in: 0, -ERANGE (empty or too long), -EFAULT. */
static long get_name(uptr_t uname, char *name)
{
	long n = strncpy_from_user(name, uname, XATTR_NAME_MAX + 1);

	if (n == -ENAMETOOLONG || n == 0)
		return -ERANGE;
	return n < 0 ? n : 0;
}

/* Linux's xattr_permission (and cap_inode_setxattr for security.*). */
static long xattr_permission(struct inode *ino, const char *name, int mask)
{
	if (has_prefix(name, "security."))
		return (mask & MAY_WRITE) && !capable_root() ? -EPERM : 0;
	if (has_prefix(name, "system."))
		return 0;
	if (has_prefix(name, "trusted.")) {
		if (!capable_root())
			return (mask & MAY_WRITE) ? -EPERM : -ENODATA;
		return 0;
	}
	if (has_prefix(name, "user.")) {
		if (!S_ISREG(ino->mode) && !S_ISDIR(ino->mode))
			return (mask & MAY_WRITE) ? -EPERM : -ENODATA;
		if (S_ISDIR(ino->mode) && (ino->mode & 01000) && (mask & MAY_WRITE) &&
		    !inode_owner_or_root(ino))
			return -EPERM;
	}
	return inode_permission(ino, mask, false);
}

/* The file an xattr call names: path (following links unless nofollow),
 * or descriptor fd when path is NULL. A referenced path, or -errno. */
static long xattr_target(int fd, uptr_t upath, bool nofollow, struct path *out)
{
	return upath ? vfs_user_path(upath, !nofollow, out) : vfs_fd_path(fd, -EOPNOTSUPP, out);
}

static long do_setxattr(int fd, uptr_t upath, bool nofollow, uptr_t uname, uptr_t uvalue,
			size_t size, int flags)
{
	char name[XATTR_NAME_MAX + 1];
	void *value = NULL;
	struct path p;
	long err;

	if (flags & ~(XATTR_CREATE | XATTR_REPLACE))
		return -EINVAL;
	err = get_name(uname, name);
	if (err)
		return err;
	if (size > XATTR_SIZE_MAX)
		return -E2BIG;
	if (size) {
		value = kmalloc(size);
		if (!value)
			return -ENOMEM;
		if (copy_from_user(value, uvalue, size)) {
			kfree(value);
			return -EFAULT;
		}
	}
	err = xattr_target(fd, upath, nofollow, &p);
	if (err)
		goto out_free;
	err = mnt_want_write(p.mnt);
	if (!err)
		err = xattr_permission(p.ino, name, MAY_WRITE);
	if (!err && !p.ino->ops->setxattr)
		err = -EOPNOTSUPP;
	if (!err) {
		mutex_lock(&p.ino->lock);
		err = p.ino->ops->setxattr(p.ino, name, value, size, flags);
		if (!err)
			inode_touch(p.ino, false);	/* ctime; marks it dirty */
		mutex_unlock(&p.ino->lock);
	}
	path_put(&p);
out_free:
	kfree(value);
	return err;
}

static long do_getxattr(int fd, uptr_t upath, bool nofollow, uptr_t uname, uptr_t uvalue,
			size_t size)
{
	char name[XATTR_NAME_MAX + 1];
	void *value = NULL;
	struct path p;
	long err;

	err = get_name(uname, name);
	if (err)
		return err;
	size = MIN(size, (size_t)XATTR_SIZE_MAX);
	if (size && !(value = kmalloc(size)))
		return -ENOMEM;
	err = xattr_target(fd, upath, nofollow, &p);
	if (err)
		goto out_free;
	err = xattr_permission(p.ino, name, MAY_READ);
	if (!err && !p.ino->ops->getxattr)
		err = -EOPNOTSUPP;
	if (!err) {
		mutex_lock(&p.ino->lock);
		err = p.ino->ops->getxattr(p.ino, name, value, size);
		mutex_unlock(&p.ino->lock);
	}
	path_put(&p);
	if (err > 0 && size && copy_to_user(uvalue, value, err))
		err = -EFAULT;
out_free:
	kfree(value);
	return err;
}

static long do_listxattr(int fd, uptr_t upath, bool nofollow, uptr_t ulist, size_t size)
{
	char *list = NULL;
	struct path p;
	long err;

	size = MIN(size, (size_t)XATTR_LIST_MAX);
	if (size && !(list = kmalloc(size)))
		return -ENOMEM;
	err = xattr_target(fd, upath, nofollow, &p);
	if (err)
		goto out_free;
	if (p.ino->ops->listxattr) {
		mutex_lock(&p.ino->lock);
		err = p.ino->ops->listxattr(p.ino, list, size);
		mutex_unlock(&p.ino->lock);
	} else {
		err = 0;	/* no attributes (Linux: the security module's, none) */
	}
	path_put(&p);
	if (err == -ERANGE && size == XATTR_LIST_MAX)
		err = -E2BIG;	/* could never fit */
	if (err > 0 && size && copy_to_user(ulist, list, err))
		err = -EFAULT;
out_free:
	kfree(list);
	return err;
}

static long do_removexattr(int fd, uptr_t upath, bool nofollow, uptr_t uname)
{
	char name[XATTR_NAME_MAX + 1];
	struct path p;
	long err;

	err = get_name(uname, name);
	if (err)
		return err;
	err = xattr_target(fd, upath, nofollow, &p);
	if (err)
		return err;
	err = mnt_want_write(p.mnt);
	if (!err)
		err = xattr_permission(p.ino, name, MAY_WRITE);
	if (!err && !p.ino->ops->removexattr)
		err = -EOPNOTSUPP;
	if (!err) {
		mutex_lock(&p.ino->lock);
		err = p.ino->ops->removexattr(p.ino, name);
		if (!err)
			inode_touch(p.ino, false);
		mutex_unlock(&p.ino->lock);
	}
	path_put(&p);
	return err;
}

SYSCALL_DEFINE5(setxattr, uptr_t, path, uptr_t, name, uptr_t, value, size_t, size, int, flags)
{
	return path ? do_setxattr(-1, path, false, name, value, size, flags) : -EFAULT;
}

SYSCALL_DEFINE5(lsetxattr, uptr_t, path, uptr_t, name, uptr_t, value, size_t, size, int, flags)
{
	return path ? do_setxattr(-1, path, true, name, value, size, flags) : -EFAULT;
}

SYSCALL_DEFINE5(fsetxattr, int, fd, uptr_t, name, uptr_t, value, size_t, size, int, flags)
{
	return do_setxattr(fd, 0, false, name, value, size, flags);
}

SYSCALL_DEFINE4(getxattr, uptr_t, path, uptr_t, name, uptr_t, value, size_t, size)
{
	return path ? do_getxattr(-1, path, false, name, value, size) : -EFAULT;
}

SYSCALL_DEFINE4(lgetxattr, uptr_t, path, uptr_t, name, uptr_t, value, size_t, size)
{
	return path ? do_getxattr(-1, path, true, name, value, size) : -EFAULT;
}

SYSCALL_DEFINE4(fgetxattr, int, fd, uptr_t, name, uptr_t, value, size_t, size)
{
	return do_getxattr(fd, 0, false, name, value, size);
}

SYSCALL_DEFINE3(listxattr, uptr_t, path, uptr_t, list, size_t, size)
{
	return path ? do_listxattr(-1, path, false, list, size) : -EFAULT;
}

SYSCALL_DEFINE3(llistxattr, uptr_t, path, uptr_t, list, size_t, size)
{
	return path ? do_listxattr(-1, path, true, list, size) : -EFAULT;
}

SYSCALL_DEFINE3(flistxattr, int, fd, uptr_t, list, size_t, size)
{
	return do_listxattr(fd, 0, false, list, size);
}

SYSCALL_DEFINE2(removexattr, uptr_t, path, uptr_t, name)
{
	return path ? do_removexattr(-1, path, false, name) : -EFAULT;
}

SYSCALL_DEFINE2(lremovexattr, uptr_t, path, uptr_t, name)
{
	return path ? do_removexattr(-1, path, true, name) : -EFAULT;
}

SYSCALL_DEFINE2(fremovexattr, int, fd, uptr_t, name)
{
	return do_removexattr(fd, 0, false, name);
}
