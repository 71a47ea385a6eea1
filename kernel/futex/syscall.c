/*
 * futex(2): decode the operation and its timeout, then hand over to the
 * files that implement each (waitwake.c, requeue.c, pi.c).
 */
#include "futex_impl.h"
#include <kernel/syscall.h>
#include <core/clock.h>
#include <mica/errno.h>

#define FOREVER_NS (~0ULL / 2)	/* far enough: ~146 years */

static bool cmd_has_timeout(int cmd)
{
	return cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_LOCK_PI ||
	       cmd == FUTEX_LOCK_PI2 || cmd == FUTEX_WAIT_REQUEUE_PI;
}

/* A struct timespec from user space as Linux's futex reads it: relative
 * on CLOCK_MONOTONIC for FUTEX_WAIT, absolute otherwise, on REALTIME for
 * LOCK_PI and with FUTEX_CLOCK_REALTIME. */
static int read_timeout(uptr_t utime, int cmd, bool clock_rt, struct futex_timeout *to)
{
	struct { s64 sec; long nsec; } ts;
	u64 ns;

	if (copy_from_user(&ts, utime, sizeof(ts)))
		return -EFAULT;
	if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= (long)NSEC_PER_SEC)
		return -EINVAL;
	/* Saturate far deadlines, as ktime does. */
	ns = (u64)ts.sec >= FOREVER_NS / NSEC_PER_SEC ? FOREVER_NS
						       : (u64)ts.sec * NSEC_PER_SEC + ts.nsec;
	to->set = true;
	to->realtime = cmd == FUTEX_LOCK_PI || clock_rt;
	to->deadline = ns;
	if (cmd == FUTEX_WAIT) {
		to->realtime = false;
		to->deadline = ns + clock_ns();
	}
	return 0;
}

/* restart_block.arg[3] bits */
#define RESTART_SHARED 1
#define RESTART_REALTIME 2

static long wait_restart(struct restart_block *rb);

/*
 * FUTEX_WAIT(_BITSET), as Linux restarts it after a signal: an untimed
 * wait under SA_RESTART (-ERESTARTSYS); a timed one through
 * restart_syscall with its absolute deadline, so that it waits only for
 * what is left (-ERESTART_RESTARTBLOCK; EINTR once a handler ran).
 */
static long wait_restartable(uptr_t uaddr, bool shared, u32 val, const struct futex_timeout *to,
			     u32 bitset)
{
	struct restart_block *rb = &current->restart;
	long ret = futex_wait(uaddr, shared, val, to, bitset);

	if (ret != -EINTR)
		return ret;
	if (!to->set)
		return -ERESTARTSYS;
	rb->fn = wait_restart;
	rb->arg[0] = uaddr;
	rb->arg[1] = val | (u64)bitset << 32;
	rb->arg[2] = to->deadline;
	rb->arg[3] = (shared ? RESTART_SHARED : 0) | (to->realtime ? RESTART_REALTIME : 0);
	return -ERESTART_RESTARTBLOCK;
}

static long wait_restart(struct restart_block *rb)
{
	struct futex_timeout to = { .set = true, .realtime = rb->arg[3] & RESTART_REALTIME,
				    .deadline = rb->arg[2] };

	return wait_restartable(rb->arg[0], rb->arg[3] & RESTART_SHARED, (u32)rb->arg[1], &to,
				(u32)(rb->arg[1] >> 32));
}

SYSCALL_DEFINE6(futex, uptr_t, uaddr, int, op, u32, val, uptr_t, utime, uptr_t, uaddr2, u32,
		val3)
{
	int cmd = op & FUTEX_CMD_MASK;
	bool shared = !(op & FUTEX_PRIVATE_FLAG), clock_rt = op & FUTEX_CLOCK_REALTIME;
	struct futex_timeout to = { 0 };
	int val2 = (int)(u32)utime;	/* the second count, for the ops without timeout */
	long ret;

	if (utime && cmd_has_timeout(cmd)) {
		ret = read_timeout(utime, cmd, clock_rt, &to);
		if (ret)
			return ret;
	}
	if (clock_rt && cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_WAIT_REQUEUE_PI &&
	    cmd != FUTEX_LOCK_PI2)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
		val3 = FUTEX_BITSET_MATCH_ANY;
		/* fall through */
	case FUTEX_WAIT_BITSET:
		return wait_restartable(uaddr, shared, val, &to, val3);
	case FUTEX_WAKE:
		val3 = FUTEX_BITSET_MATCH_ANY;
		/* fall through */
	case FUTEX_WAKE_BITSET:
		return futex_wake(uaddr, shared, (int)val, val3);
	case FUTEX_REQUEUE:
		return futex_requeue(uaddr, shared, uaddr2, (int)val, val2, NULL);
	case FUTEX_CMP_REQUEUE:
		return futex_requeue(uaddr, shared, uaddr2, (int)val, val2, &val3);
	case FUTEX_WAKE_OP:
		return futex_wake_op(uaddr, shared, uaddr2, (int)val, val2, val3);
	case FUTEX_LOCK_PI:
	case FUTEX_LOCK_PI2:
		return futex_lock_pi(uaddr, shared, &to, false);
	case FUTEX_TRYLOCK_PI:
		return futex_lock_pi(uaddr, shared, NULL, true);
	case FUTEX_UNLOCK_PI:
		return futex_unlock_pi(uaddr, shared);
	default:
		/* FUTEX_FD (gone from Linux too), and WAIT_REQUEUE_PI /
		 * CMP_REQUEUE_PI: not yet. */
		return -ENOSYS;
	}
}
