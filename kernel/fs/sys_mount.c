/*
 * mount(2) and umount2(2), with Linux's order of checks: strings are
 * copied and the target resolved first (EFAULT, ENOENT, ENOTDIR), then the
 * caller's privilege (EPERM), then what the flags ask for.
 */
#include <kernel/syscall.h>
#include <kernel/mount.h>
#include <kernel/cred.h>
#include <core/kmalloc.h>
#include <core/page.h>
#include <lib/string.h>
#include <mica/err.h>

#define MS_NOUSER (1UL << 31)
#define MS_PROPAGATION (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE)
/* Per-mount flags Mica records (and shows in /proc/mounts). */
#define MS_KEPT (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME | \
		 MS_RELATIME | MS_STRICTATIME)

/* A string argument: NULL stays NULL; otherwise a kmalloc'd copy. */
static long copy_string(uptr_t u, size_t max, char **out)
{
	long n;

	*out = NULL;
	if (!u)
		return 0;
	*out = kmalloc(max);
	if (!*out)
		return -ENOMEM;
	n = strncpy_from_user(*out, u, max);
	if (n < 0) {
		kfree(*out);
		*out = NULL;
		return n;
	}
	return 0;
}

/* Only one propagation type at a time; Mica's mounts are all private, and
 * a slave of nothing is private too. Shared and unbindable mounts are not
 * supported. */
static long change_type(const struct path *p, unsigned long flags)
{
	unsigned long type = flags & MS_PROPAGATION;

	if (p->ino != p->mnt->root || (type & (type - 1)))
		return -EINVAL;
	return type & (MS_PRIVATE | MS_SLAVE) ? 0 : -EINVAL;
}

/* New per-mount flags for the mount whose root p is; without an atime
 * mode the old one stays (Linux's do_remount). */
static long remount(const struct path *p, unsigned long flags, bool atime_given,
		    const char *data)
{
	unsigned long atime = MS_NOATIME | MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME;
	unsigned long old;

	if (p->ino != p->mnt->root)
		return -EINVAL;	/* not a mount point */
	/* Without MS_BIND the file system takes new options too: tmpfs's
	 * size= and nr_inodes=. */
	if (!(flags & MS_BIND) && data && tmpfs_owns(p->mnt->root)) {
		long err = tmpfs_remount(p->mnt->root, data);

		if (err)
			return err;
	}
	/* Without MS_BIND a file system on a disk turns read-only or
	 * read-write as a whole: written back first when it turns read-only. */
	if (!(flags & MS_BIND) && p->mnt->sb) {
		long err = sb_remount(p->mnt->sb, flags, data);

		if (err)
			return err;
	}
	old = READ_ONCE(p->mnt->flags);
	flags &= MS_KEPT;
	if (!atime_given)
		flags = (flags & ~atime) | (old & atime);
	WRITE_ONCE(p->mnt->flags, flags);
	return 0;
}

static long do_mount(const char *source, const struct path *target, const char *type,
		     unsigned long flags, const char *data)
{
	bool atime_given = flags & (MS_NOATIME | MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME);

	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~MS_MGC_MSK;
	/* Linux's default: relatime, unless the caller chose another atime mode. */
	if (!(flags & (MS_NOATIME | MS_STRICTATIME | MS_RELATIME)))
		flags |= MS_RELATIME;
	if (flags & MS_NOUSER)
		return -EINVAL;
	if (!capable_root())
		return -EPERM;	/* CAP_SYS_ADMIN */
	if (flags & MS_REMOUNT)
		return remount(target, flags, atime_given, data);
	if (flags & MS_BIND) {
		struct path old;
		long err;

		if (!source)
			return -EFAULT;
		err = vfs_lookup_path(AT_FDCWD, source, true, &old);
		if (err)
			return err;
		err = mount_bind(&old, target, flags & MS_KEPT);
		path_put(&old);
		return err;
	}
	if (flags & MS_PROPAGATION)
		return change_type(target, flags);
	if (flags & MS_MOVE)
		return -EINVAL;	/* moving mounts: not supported yet */
	if (!type)
		return -EINVAL;
	return mount_new(target, type, source ? source : "none", flags & MS_KEPT, data);
}

SYSCALL_DEFINE5(mount, uptr_t, usource, uptr_t, utarget, uptr_t, utype, unsigned long, flags,
		uptr_t, udata)
{
	char *source = NULL, *target = NULL, *type = NULL, *data = NULL;
	struct path p;
	long err;

	err = copy_string(utype, 256, &type);
	if (!err)
		err = copy_string(usource, PATH_MAX, &source);
	if (!err && udata)
		err = copy_string(udata, PAGE_SIZE, &data);
	if (!err && !utarget)
		err = -EFAULT;
	if (!err)
		err = copy_string(utarget, PATH_MAX, &target);
	if (err)
		goto out;
	err = vfs_lookup_path(AT_FDCWD, target, true, &p);
	if (err)
		goto out;
	err = do_mount(source, &p, type, flags, data);
	path_put(&p);
out:
	kfree(source);
	kfree(target);
	kfree(type);
	kfree(data);
	return err;
}

SYSCALL_DEFINE2(umount2, uptr_t, utarget, int, flags)
{
	char *target;
	struct path p;
	long err;

	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	err = copy_string(utarget, PATH_MAX, &target);
	if (err)
		return err;
	if (!target)
		return -EFAULT;
	err = *target ? vfs_lookup_path(AT_FDCWD, target, !(flags & UMOUNT_NOFOLLOW), &p) : -ENOENT;
	kfree(target);
	if (err)
		return err;
	if (!capable_root())
		err = -EPERM;
	else if (p.ino != p.mnt->root)
		err = -EINVAL;	/* not a mount point */
	else if ((flags & MNT_EXPIRE) && (flags & (MNT_FORCE | MNT_DETACH)))
		err = -EINVAL;
	else if (flags & MNT_EXPIRE)
		err = -EAGAIN;	/* Linux's first call only marks it; expiry: not yet */
	else
		err = mount_umount(&p, flags);
	path_put(&p);
	return err;
}
