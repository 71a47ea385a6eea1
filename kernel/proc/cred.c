/*
 * Credentials and the id system calls, with Linux's rules: root may set
 * any id; others may only move between their real, effective and saved
 * ids. The file-system ids follow the effective ones.
 */
#include <kernel/cred.h>
#include <kernel/proc.h>
#include <kernel/syscall.h>
#include <kernel/vfs.h>
#include <lib/string.h>

static const struct cred root_cred;

const struct cred *current_cred(void)
{
	struct process *p = current->proc;

	return p ? &p->cred : &root_cred;
}

static struct cred *my_cred(void)
{
	return &current_process()->cred;
}

bool capable_root(void)
{
	return current_cred()->euid == 0;
}

static bool in_groups(const struct cred *c, u32 gid, bool real)
{
	if ((real ? c->gid : c->fsgid) == gid)
		return true;
	for (u32 i = 0; i < c->ngroups; i++)
		if (c->groups[i] == gid)
			return true;
	return false;
}

int inode_permission(struct inode *ino, int mask, bool real)
{
	const struct cred *c = current_cred();
	u32 uid = real ? c->uid : c->fsuid, bits;

	if (uid == 0) {
		/* Root reads and writes anything; it executes only what has an x bit. */
		if ((mask & MAY_EXEC) && !S_ISDIR(ino->mode) && !(ino->mode & 0111))
			return -EACCES;
		return 0;
	}
	if (uid == ino->uid)
		bits = (ino->mode >> 6) & 7;
	else if (in_groups(c, ino->gid, real))
		bits = (ino->mode >> 3) & 7;
	else
		bits = ino->mode & 7;
	return (mask & ~bits) ? -EACCES : 0;
}

bool inode_owner_or_root(struct inode *ino)
{
	const struct cred *c = current_cred();

	return c->fsuid == 0 || c->fsuid == ino->uid;
}

SYSCALL_DEFINE0(getuid) { return current_cred()->uid; }
SYSCALL_DEFINE0(geteuid) { return current_cred()->euid; }
SYSCALL_DEFINE0(getgid) { return current_cred()->gid; }
SYSCALL_DEFINE0(getegid) { return current_cred()->egid; }

/* Is id one of the three the caller already has? */
static bool one_of(u32 id, u32 a, u32 b, u32 c)
{
	return id == a || id == b || id == c;
}

/*
 * setres[ug]id on one triple: -1 (as u32 ~0) leaves a value alone; the
 * unprivileged may only use ids from the triple.
 */
static long set_res(u32 *r, u32 *e, u32 *s, u32 *fs, u32 nr, u32 ne, u32 ns)
{
	if (!capable_root()) {
		if ((nr != ~0U && !one_of(nr, *r, *e, *s)) || (ne != ~0U && !one_of(ne, *r, *e, *s)) ||
		    (ns != ~0U && !one_of(ns, *r, *e, *s)))
			return -EPERM;
	}
	if (nr != ~0U)
		*r = nr;
	if (ne != ~0U)
		*e = ne;
	if (ns != ~0U)
		*s = ns;
	*fs = *e;
	return 0;
}

SYSCALL_DEFINE3(setresuid, u32, r, u32, e, u32, s)
{
	struct cred *c = my_cred();

	return set_res(&c->uid, &c->euid, &c->suid, &c->fsuid, r, e, s);
}

SYSCALL_DEFINE3(setresgid, u32, r, u32, e, u32, s)
{
	struct cred *c = my_cred();

	/* Group changes are privileged by the effective uid too. */
	return set_res(&c->gid, &c->egid, &c->sgid, &c->fsgid, r, e, s);
}

static long get_res(uptr_t ur, uptr_t ue, uptr_t us, u32 r, u32 e, u32 s)
{
	if (put_user(r, ur) || put_user(e, ue) || put_user(s, us))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE3(getresuid, uptr_t, r, uptr_t, e, uptr_t, s)
{
	const struct cred *c = current_cred();

	return get_res(r, e, s, c->uid, c->euid, c->suid);
}

SYSCALL_DEFINE3(getresgid, uptr_t, r, uptr_t, e, uptr_t, s)
{
	const struct cred *c = current_cred();

	return get_res(r, e, s, c->gid, c->egid, c->sgid);
}

/* setuid/setgid: root sets all three; others only the effective one. */
static long set_one(u32 *r, u32 *e, u32 *s, u32 *fs, u32 id)
{
	if (capable_root()) {
		*r = *e = *s = *fs = id;
		return 0;
	}
	if (id != *r && id != *s)
		return -EPERM;
	*e = *fs = id;
	return 0;
}

SYSCALL_DEFINE1(setuid, u32, id)
{
	struct cred *c = my_cred();

	return set_one(&c->uid, &c->euid, &c->suid, &c->fsuid, id);
}

SYSCALL_DEFINE1(setgid, u32, id)
{
	struct cred *c = my_cred();

	return set_one(&c->gid, &c->egid, &c->sgid, &c->fsgid, id);
}

/* setre[ug]id: the saved id follows the effective one when the real one
 * is set, or the effective one moves away from the real one. */
static long set_re(u32 *r, u32 *e, u32 *s, u32 *fs, u32 nr, u32 ne)
{
	u32 old_r = *r;

	if (!capable_root()) {
		if ((nr != ~0U && nr != *r && nr != *e) ||
		    (ne != ~0U && !one_of(ne, *r, *e, *s)))
			return -EPERM;
	}
	if (nr != ~0U)
		*r = nr;
	if (ne != ~0U)
		*e = ne;
	if (nr != ~0U || (ne != ~0U && ne != old_r))
		*s = *e;
	*fs = *e;
	return 0;
}

SYSCALL_DEFINE2(setreuid, u32, r, u32, e)
{
	struct cred *c = my_cred();

	return set_re(&c->uid, &c->euid, &c->suid, &c->fsuid, r, e);
}

SYSCALL_DEFINE2(setregid, u32, r, u32, e)
{
	struct cred *c = my_cred();

	return set_re(&c->gid, &c->egid, &c->sgid, &c->fsgid, r, e);
}

/* setfs[ug]id: returns the old value; changes it only when allowed. */
static long set_fs(u32 *fs, u32 r, u32 e, u32 s, u32 id)
{
	u32 old = *fs;

	if (capable_root() || one_of(id, r, e, s) || id == *fs)
		*fs = id;
	return old;
}

SYSCALL_DEFINE1(setfsuid, u32, id)
{
	struct cred *c = my_cred();

	return set_fs(&c->fsuid, c->uid, c->euid, c->suid, id);
}

SYSCALL_DEFINE1(setfsgid, u32, id)
{
	struct cred *c = my_cred();

	return set_fs(&c->fsgid, c->gid, c->egid, c->sgid, id);
}

SYSCALL_DEFINE2(getgroups, int, size, uptr_t, list)
{
	const struct cred *c = current_cred();

	if (size < 0)
		return -EINVAL;
	if (!size)
		return c->ngroups;
	if ((u32)size < c->ngroups)
		return -EINVAL;
	if (copy_to_user(list, c->groups, c->ngroups * sizeof(u32)))
		return -EFAULT;
	return c->ngroups;
}

SYSCALL_DEFINE2(setgroups, int, size, uptr_t, list)
{
	struct cred *c = my_cred();
	u32 groups[NGROUPS_MAX_MICA];

	if (!capable_root())
		return -EPERM;
	if (size < 0 || size > NGROUPS_MAX_MICA)
		return -EINVAL;
	if (copy_from_user(groups, list, size * sizeof(u32)))
		return -EFAULT;
	memcpy(c->groups, groups, size * sizeof(u32));
	c->ngroups = size;
	return 0;
}
