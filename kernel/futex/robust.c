/*
 * Robust futexes: set_robust_list/get_robust_list, and the clean-up at
 * thread exit and exec. User space keeps, per thread, a list of the locks
 * it holds (struct robust_list_head, below); when a thread ends with some
 * still held, the kernel marks each FUTEX_OWNER_DIED and wakes a waiter,
 * which then gets EOWNERDEAD from its C library.
 */
#include "futex_impl.h"
#include <kernel/syscall.h>
#include <mica/errno.h>

/* Linux's layout, 64-bit: every field is a user pointer or long. */
struct robust_list_head_u {
	u64 next;		/* first entry; the head itself ends the ring */
	s64 futex_offset;	/* entry address + offset = the lock word */
	u64 list_op_pending;	/* a lock being taken or released */
};
#define ROBUST_LIST_LIMIT 2048	/* entries walked at most: the list may be a loop */

SYSCALL_DEFINE2(set_robust_list, uptr_t, head, size_t, len)
{
	if (len != sizeof(struct robust_list_head_u))
		return -EINVAL;
	current->futex.robust_list = head;
	return 0;
}

/* May the caller read t's robust list? Linux's ptrace read check with
 * the real ids (no dumpable flag yet: every process counts as dumpable). */
static bool may_inspect(struct task *t)
{
	const struct cred *me = &current_process()->cred, *c = &t->proc->cred;

	if (t->proc == current_process() || me->euid == 0)
		return true;
	return me->uid == c->uid && me->uid == c->euid && me->uid == c->suid &&
	       me->gid == c->gid && me->gid == c->egid && me->gid == c->sgid;
}

SYSCALL_DEFINE3(get_robust_list, int, pid, uptr_t, head_ptr, uptr_t, len_ptr)
{
	u64 head, len = sizeof(struct robust_list_head_u);
	struct task *t;

	spin_lock(&proc_tree_lock);
	t = pid ? task_find(pid) : current;
	if (!t || !t->user) {
		spin_unlock(&proc_tree_lock);
		return -ESRCH;
	}
	if (!may_inspect(t)) {
		spin_unlock(&proc_tree_lock);
		return -EPERM;
	}
	head = READ_ONCE(t->futex.robust_list);
	spin_unlock(&proc_tree_lock);
	if (put_user(len, len_ptr))
		return -EFAULT;
	return put_user(head, head_ptr);
}

/*
 * The lock at uaddr, on the dying thread's list (pending: the one it was
 * taking or releasing). If we own it, mark it OWNER_DIED (keeping
 * WAITERS, dropping our tid) and wake a waiter; PI locks get their heir
 * from futex_exit_pi instead. -EFAULT stops the walk.
 */
static int handle_death(uptr_t uaddr, bool pi, bool pending)
{
	u32 uval, seen;

	if (uaddr & 3)
		return -EINVAL;
	if (futex_get_value(&uval, uaddr))
		return -EFAULT;
	for (;;) {
		u32 owner = uval & FUTEX_TID_MASK;

		/* A pending plain lock with no owner: its releaser died between
		 * the unlock and the wake, or a woken waiter died before taking
		 * it. Pass the wake on without touching the word. */
		if (pending && !pi && !owner) {
			futex_wake_shared(uaddr);
			return 0;
		}
		if (owner != (u32)current->tid)
			return 0;
		if (cmpxchg_user_u32(uaddr, uval, (uval & FUTEX_WAITERS) | FUTEX_OWNER_DIED, &seen))
			return -EFAULT;
		if (seen == uval)
			break;
		uval = seen;
	}
	if (!pi && (uval & FUTEX_WAITERS))
		futex_wake_shared(uaddr);
	return 0;
}

/* Read a list pointer; bit 0 tags a PI lock. */
static int fetch_entry(uptr_t from, uptr_t *entry, bool *pi)
{
	u64 v;

	if (get_user(v, from))
		return -EFAULT;
	*entry = v & ~1ULL;
	*pi = v & 1;
	return 0;
}

static void exit_robust_list(uptr_t head)
{
	uptr_t entry, next, pending;
	bool pi, next_pi, pending_pi;
	s64 offset;
	int limit = ROBUST_LIST_LIMIT;

	if (fetch_entry(head + offsetof(struct robust_list_head_u, next), &entry, &pi) ||
	    get_user(offset, head + offsetof(struct robust_list_head_u, futex_offset)) ||
	    fetch_entry(head + offsetof(struct robust_list_head_u, list_op_pending), &pending,
			&pending_pi))
		return;
	while (entry != head) {
		/* Read the next link first: waking a waiter lets it free the entry. */
		int err = fetch_entry(entry, &next, &next_pi);

		if (entry != pending && handle_death(entry + offset, pi, false))
			return;
		if (err || !--limit)
			return;
		entry = next;
		pi = next_pi;
	}
	if (pending)
		handle_death(pending + offset, pending_pi, true);
}

/* Robust list, then PI locks; state tells later lockers what we are. */
static void futex_cleanup(int final_state)
{
	struct futex_task *ft = &current->futex;

	spin_lock(&futex_pi_lock);
	ft->exit_state = FUTEX_TASK_EXITING;	/* new PI waiters wait for us */
	spin_unlock(&futex_pi_lock);
	if (ft->robust_list && current->mm)
		exit_robust_list(ft->robust_list);
	ft->robust_list = 0;
	futex_exit_pi();
	spin_lock(&futex_pi_lock);
	ft->exit_state = final_state;
	spin_unlock(&futex_pi_lock);
}

void futex_exit_release(void)
{
	futex_cleanup(FUTEX_TASK_DEAD);
}

void futex_exec_release(void)
{
	futex_cleanup(FUTEX_TASK_ALIVE);
	current->clear_child_tid = 0;
}
