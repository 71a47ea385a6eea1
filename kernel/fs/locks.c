/*
 * Advisory locks (see include/kernel/locks.h): flock(2) and fcntl(2)
 * record locks, POSIX and OFD, with Linux's semantics: a request that
 * conflicts fails with EAGAIN or waits (interruptibly: -ERESTARTSYS),
 * a POSIX waiter that would close a cycle of waiting owners gets EDEADLK,
 * and setting a range splits and merges the owner's own locks so that
 * they never overlap and same-type neighbours are one lock.
 *
 * Waiting: a waiter notes lock_gen, sleeps on locks_wq until any lock is
 * released (lock_gen changes), then checks again.
 */
#include <kernel/locks.h>
#include <kernel/vfs.h>
#include <kernel/proc.h>
#include <core/kmalloc.h>
#include <core/sched.h>
#include <mica/errno.h>

#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2
#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define OFFSET_MAX ((u64)(~0ULL >> 1))
#define MAX_DEADLOCK_STEPS 10	/* as Linux: longer cycles go unnoticed */

enum lock_kind { LK_FLOCK, LK_POSIX, LK_OFD };

/* One lock held on an inode. Fields are [locks_lock], except the list
 * it is on. */
struct file_lock {
	struct list_head link;	/* in inode.locks */
	enum lock_kind kind;
	int type;		/* F_RDLCK, F_WRLCK */
	u64 start, end;		/* bytes, inclusive; end OFFSET_MAX: to the end */
	const void *owner;	/* POSIX: struct files; flock and OFD: struct file */
	int pid;		/* F_GETLK's l_pid: the taker's process (OFD: -1) */
};

/* A task waiting for a record lock, for deadlock detection. */
struct lock_waiter {
	struct list_head link;	/* [locks_lock] in blocked */
	const struct file_lock *req;
	struct inode *ino;
};

static struct mutex locks_lock = MUTEX_INIT(locks_lock);
static struct wait_queue locks_wq = WAIT_QUEUE_INIT(locks_wq);
static LIST_HEAD(blocked);
static unsigned long lock_gen;	/* [locks_lock] bumped when a lock goes away */

/* struct flock of asm-generic for 64-bit (riscv64). */
struct flock_user {
	s16 l_type, l_whence;
	s64 l_start, l_len;
	s32 l_pid;
};

static bool is_record(enum lock_kind k) { return k != LK_FLOCK; }

static bool overlap(const struct file_lock *a, const struct file_lock *b)
{
	return a->start <= b->end && b->start <= a->end;
}

static bool conflicts(const struct file_lock *held, const struct file_lock *req)
{
	if (is_record(held->kind) != is_record(req->kind) || held->owner == req->owner)
		return false;
	if (held->type != F_WRLCK && req->type != F_WRLCK)
		return false;
	return !is_record(req->kind) || overlap(held, req);
}

/* The first lock on ino that req conflicts with, or NULL; locks_lock held. */
static struct file_lock *find_conflict(struct inode *ino, const struct file_lock *req)
{
	struct file_lock *fl;

	list_for_each_entry(fl, &ino->locks, link)
		if (conflicts(fl, req))
			return fl;
	return NULL;
}

/* Would req (a POSIX request blocked by blocker) wait in a cycle? Follow
 * the owner of each blocker to what it waits for; locks_lock held. */
static bool would_deadlock(const struct file_lock *req, const struct file_lock *blocker)
{
	for (int i = 0; i < MAX_DEADLOCK_STEPS; i++) {
		struct lock_waiter *w, *next = NULL;
		struct file_lock *b;

		if (blocker->kind != LK_POSIX)
			return false;
		list_for_each_entry(w, &blocked, link)
			if (w->req->kind == LK_POSIX && w->req->owner == blocker->owner) {
				next = w;
				break;
			}
		if (!next)
			return false;
		b = find_conflict(next->ino, next->req);
		if (!b)
			return false;
		if (b->owner == req->owner)
			return true;
		blocker = b;
	}
	return false;
}

static void lock_free_locked(struct file_lock *fl)
{
	list_del(&fl->link);
	kfree(fl);
	lock_gen++;
}

/*
 * Put req's range into effect among its owner's own locks on ino (type
 * F_UNLCK removes it): trim, split or merge them. spare holds two
 * preallocated locks, used up here (the caller frees what is left).
 * locks_lock held; nothing conflicts.
 */
static void apply_range(struct inode *ino, const struct file_lock *req, struct file_lock **spare)
{
	struct file_lock *fl, *tmp;
	u64 start = req->start, end = req->end;

	list_for_each_entry_safe(fl, tmp, &ino->locks, link) {
		bool adjacent = (fl->end != OFFSET_MAX && fl->end + 1 == start) ||
				(end != OFFSET_MAX && end + 1 == fl->start);

		if (fl->kind != req->kind || fl->owner != req->owner)
			continue;
		if (fl->type == req->type && (overlap(fl, req) || adjacent)) {
			/* Same type, touching: merge into the new lock. */
			start = MIN(start, fl->start);
			end = MAX(end, fl->end);
			lock_free_locked(fl);
		} else if (overlap(fl, req)) {
			/* Other type or unlock: keep the parts outside. */
			if (fl->start < req->start && fl->end > req->end) {
				struct file_lock *right = spare[1];

				spare[1] = NULL;
				*right = *fl;
				right->start = req->end + 1;
				list_add(&right->link, &fl->link);
				fl->end = req->start - 1;
			} else if (fl->start < req->start) {
				fl->end = req->start - 1;
			} else if (fl->end > req->end) {
				fl->start = req->end + 1;
			} else {
				lock_free_locked(fl);
				continue;
			}
			lock_gen++;	/* a range was given up: waiters look again */
		}
	}
	if (req->type != F_UNLCK) {
		fl = spare[0];
		spare[0] = NULL;
		*fl = *req;
		fl->start = start;
		fl->end = end;
		list_add_tail(&fl->link, &ino->locks);
	}
}

/*
 * Take (or change, or with F_UNLCK release) the lock req describes on
 * ino, waiting if wait. 0, -EAGAIN, -EDEADLK, -ERESTARTSYS, -ENOMEM.
 */
static long lock_set(struct inode *ino, struct file_lock *req, bool wait)
{
	struct file_lock *spare[2] = { kzalloc(sizeof(struct file_lock)),
				       kzalloc(sizeof(struct file_lock)) };
	struct lock_waiter w = { .req = req, .ino = ino };
	long err = 0;

	if (!spare[0] || !spare[1]) {
		err = -ENOMEM;
		goto out;
	}
	mutex_lock(&locks_lock);
	if (req->kind == LK_FLOCK) {
		/* Converting a flock lock first drops the old one (Linux):
		 * another waiter may get in between. */
		struct file_lock *fl, *tmp;

		list_for_each_entry_safe(fl, tmp, &ino->locks, link)
			if (fl->kind == LK_FLOCK && fl->owner == req->owner) {
				if (fl->type == req->type) {
					mutex_unlock(&locks_lock);
					goto out;
				}
				lock_free_locked(fl);
			}
		if (req->type == F_UNLCK) {
			mutex_unlock(&locks_lock);
			wake_up_all(&locks_wq);
			goto out;
		}
	}
	for (;;) {
		struct file_lock *blocker = req->type == F_UNLCK ? NULL : find_conflict(ino, req);
		unsigned long gen;

		if (!blocker)
			break;
		if (!wait) {
			err = -EAGAIN;
			break;
		}
		if (req->kind == LK_POSIX && would_deadlock(req, blocker)) {
			err = -EDEADLK;
			break;
		}
		gen = lock_gen;
		list_add_tail(&w.link, &blocked);
		mutex_unlock(&locks_lock);
		/* A flock conversion may have dropped the old lock: let those
		 * waiting for it look again before this one sleeps. */
		if (req->kind == LK_FLOCK)
			wake_up_all(&locks_wq);
		err = wait_event_interruptible(locks_wq, READ_ONCE(lock_gen) != gen);
		mutex_lock(&locks_lock);
		list_del(&w.link);
		if (err)
			break;
	}
	if (!err) {
		if (req->kind == LK_FLOCK) {
			list_add_tail(&spare[0]->link, &ino->locks);
			spare[0]->kind = req->kind;
			spare[0]->type = req->type;
			spare[0]->start = 0;
			spare[0]->end = OFFSET_MAX;
			spare[0]->owner = req->owner;
			spare[0]->pid = req->pid;
			spare[0] = NULL;
		} else {
			apply_range(ino, req, spare);
		}
	}
	mutex_unlock(&locks_lock);
	wake_up_all(&locks_wq);	/* a release or a downgrade may let others in */
out:
	kfree(spare[0]);
	kfree(spare[1]);
	return err;
}

long locks_flock(struct file *f, unsigned int op)
{
	struct file_lock req = { .kind = LK_FLOCK, .owner = f, .start = 0, .end = OFFSET_MAX };

	req.pid = current_process()->pid;
	switch (op & ~LOCK_NB) {
	case LOCK_SH:
		req.type = F_RDLCK;
		break;
	case LOCK_EX:
		req.type = F_WRLCK;
		break;
	case LOCK_UN:
		req.type = F_UNLCK;
		break;
	default:
		return -EINVAL;
	}
	if (!f->inode)
		return -EINVAL;	/* pipes: no inode to lock in Mica (Linux locks pipefs's) */
	return lock_set(f->inode, &req, !(op & LOCK_NB));
}

/* struct flock into a request on f: 0 or -EINVAL, -EOVERFLOW. */
static long flock_to_req(struct file *f, const struct flock_user *u, struct file_lock *req)
{
	s64 start, len = u->l_len;

	switch (u->l_whence) {
	case SEEK_SET:
		start = 0;
		break;
	case SEEK_CUR:
		start = (s64)READ_ONCE(f->pos);
		break;
	case SEEK_END:
		start = (s64)READ_ONCE(f->inode->size);
		break;
	default:
		return -EINVAL;
	}
	if (__builtin_add_overflow(start, u->l_start, &start))
		return -EOVERFLOW;
	if (start < 0)
		return -EINVAL;
	if (len > 0) {
		s64 end;

		if (__builtin_add_overflow(start, len - 1, &end))
			return -EOVERFLOW;
		req->start = start;
		req->end = end;
	} else if (len < 0) {
		if (start + len < 0)
			return -EINVAL;
		req->start = start + len;
		req->end = start - 1;
	} else {
		req->start = start;
		req->end = OFFSET_MAX;
	}
	req->type = u->l_type;
	return 0;
}

static long get_lock(struct inode *ino, struct file_lock *req, struct flock_user *u)
{
	struct file_lock *fl;

	mutex_lock(&locks_lock);
	fl = find_conflict(ino, req);
	if (!fl) {
		u->l_type = F_UNLCK;
	} else {
		u->l_type = (s16)fl->type;
		u->l_whence = SEEK_SET;
		u->l_start = (s64)fl->start;
		u->l_len = fl->end == OFFSET_MAX ? 0 : (s64)(fl->end - fl->start + 1);
		u->l_pid = fl->kind == LK_OFD ? -1 : fl->pid;
	}
	mutex_unlock(&locks_lock);
	return 0;
}

long locks_fcntl(struct file *f, int cmd, uptr_t uflock)
{
	bool ofd = cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
	struct file_lock req = { .kind = ofd ? LK_OFD : LK_POSIX };
	struct flock_user u;
	long err;

	if (copy_from_user(&u, uflock, sizeof(u)))
		return -EFAULT;
	if (!f->inode)
		return -EINVAL;	/* pipes: see locks_flock */
	if (ofd && u.l_pid)
		return -EINVAL;
	err = flock_to_req(f, &u, &req);
	if (err)
		return err;
	req.owner = ofd ? (const void *)f : (const void *)current_process()->files;
	req.pid = ofd ? -1 : current_process()->pid;
	if (cmd == F_GETLK || cmd == F_OFD_GETLK) {
		if (u.l_type != F_RDLCK && u.l_type != F_WRLCK)
			return -EINVAL;
		get_lock(f->inode, &req, &u);
		return copy_to_user(uflock, &u, sizeof(u));
	}
	switch (u.l_type) {
	case F_RDLCK:
		if ((f->flags & O_ACCMODE) == O_WRONLY)
			return -EBADF;
		break;
	case F_WRLCK:
		if ((f->flags & O_ACCMODE) == O_RDONLY)
			return -EBADF;
		break;
	case F_UNLCK:
		break;
	default:
		return -EINVAL;
	}
	return lock_set(f->inode, &req, cmd == F_SETLKW || cmd == F_OFD_SETLKW);
}

/* Drop every lock of kind on ino that owner holds. */
static void remove_owned(struct inode *ino, const void *owner, bool posix)
{
	struct file_lock *fl, *tmp;
	bool any = false;

	/* Unlocked peek: an inode nobody locked is the common case. */
	if (list_empty(&ino->locks))
		return;
	mutex_lock(&locks_lock);
	list_for_each_entry_safe(fl, tmp, &ino->locks, link)
		if (fl->owner == owner && (fl->kind == LK_POSIX) == posix) {
			lock_free_locked(fl);
			any = true;
		}
	mutex_unlock(&locks_lock);
	if (any)
		wake_up_all(&locks_wq);
}

void locks_remove_posix(struct file *f, struct files *owner)
{
	if (f->inode)
		remove_owned(f->inode, owner, true);
}

void locks_remove_file(struct file *f)
{
	if (f->inode)
		remove_owned(f->inode, f, false);
}
