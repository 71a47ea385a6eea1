/*
 * futex: FUTEX_WAIT and FUTEX_WAKE (and their bitset forms). A futex is
 * named by its address space and user address, so it serves the threads of
 * a process (shared futexes across processes need physical keys: later).
 *
 * Each hash bucket has a mutex, held while a waiter reads the user word
 * and queues itself, and while a waker looks for waiters: a wake that
 * follows the change of the word can never miss a waiter that saw the old
 * value. (A mutex, not a spinlock, because reading the word may fault.)
 */
#include <kernel/futex.h>
#include <kernel/proc.h>
#include <kernel/syscall.h>
#include <core/clock.h>
#include <lib/list.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_BITSET_MATCH_ANY 0xffffffffU
#define FUTEX_HASH 64

struct futex_q {
	struct list_head link;
	struct task *task;
	struct mm *mm;
	uptr_t uaddr;
	u32 bitset;
	bool woken;
};

struct futex_bucket {
	struct mutex lock;
	struct list_head waiters;
};

static struct futex_bucket buckets[FUTEX_HASH];

static struct futex_bucket *bucket_of(struct mm *mm, uptr_t uaddr)
{
	static bool ready;
	u64 h = ((u64)(uintptr_t)mm ^ (uaddr >> 2)) * 0x9e3779b97f4a7c15ULL;

	if (!ready) {
		/* Set up on first use, from process context: the first caller wins. */
		static DEFINE_SPINLOCK(init_lock);

		spin_lock(&init_lock);
		if (!ready) {
			for (int i = 0; i < FUTEX_HASH; i++) {
				mutex_init(&buckets[i].lock, "futex.bucket");
				INIT_LIST_HEAD(&buckets[i].waiters);
			}
			smp_store_release(&ready, true);
		}
		spin_unlock(&init_lock);
	}
	return &buckets[h >> 58];
}

static int wake_bits(struct mm *mm, uptr_t uaddr, int n, u32 bitset)
{
	struct futex_bucket *b = bucket_of(mm, uaddr);
	struct futex_q *q, *tmp;
	int woken = 0;

	mutex_lock(&b->lock);
	list_for_each_entry_safe(q, tmp, &b->waiters, link) {
		if (woken >= n)
			break;
		if (q->mm != mm || q->uaddr != uaddr || !(q->bitset & bitset))
			continue;
		list_del_init(&q->link);
		WRITE_ONCE(q->woken, true);
		wake_up_process(q->task);
		woken++;
	}
	mutex_unlock(&b->lock);
	return woken;
}

int futex_wake(struct mm *mm, uptr_t uaddr, int n)
{
	return wake_bits(mm, uaddr, n, FUTEX_BITSET_MATCH_ANY);
}

/* Sleep while *uaddr == val, until woken, the deadline (clock ns, 0: none)
 * or the process ends. */
static long futex_wait(struct mm *mm, uptr_t uaddr, u32 val, u64 deadline, bool realtime,
		       u32 bitset)
{
	struct futex_bucket *b = bucket_of(mm, uaddr);
	struct futex_q q = { .task = current, .mm = mm, .uaddr = uaddr, .bitset = bitset };
	u32 cur;
	long ret = 0;

	INIT_LIST_HEAD(&q.link);
	mutex_lock(&b->lock);
	if (get_user(cur, uaddr)) {
		mutex_unlock(&b->lock);
		return -EFAULT;
	}
	if (cur != val) {
		mutex_unlock(&b->lock);
		return -EAGAIN;
	}
	list_add_tail(&q.link, &b->waiters);
	set_current_state(TASK_INTERRUPTIBLE);
	mutex_unlock(&b->lock);
	for (;;) {
		u64 now = realtime ? clock_realtime_ns() : clock_ns();

		if (READ_ONCE(q.woken))
			break;
		if (signal_pending()) {
			/* Without a timeout the call restarts under SA_RESTART, as on
			 * Linux; a timed wait reports EINTR (no restart block yet). */
			ret = deadline ? -EINTR : -ERESTARTSYS;
			break;
		}
		if (deadline && now >= deadline) {
			ret = -ETIMEDOUT;
			break;
		}
		if (deadline)
			schedule_timeout(deadline - now);
		else
			schedule();
		set_current_state(TASK_INTERRUPTIBLE);
	}
	set_current_state(TASK_RUNNING);
	mutex_lock(&b->lock);
	if (!q.woken)
		list_del(&q.link);
	else
		ret = 0;	/* woken wins over a timeout seen at the same time */
	mutex_unlock(&b->lock);
	return ret;
}

SYSCALL_DEFINE6(futex, uptr_t, uaddr, int, op, u32, val, uptr_t, utime, uptr_t, uaddr2, u32,
		val3)
{
	struct mm *mm = current->mm;
	int cmd = op & FUTEX_CMD_MASK;
	bool realtime = op & FUTEX_CLOCK_REALTIME;
	u64 deadline = 0;

	(void)uaddr2;
	if (uaddr & 3)
		return -EINVAL;
	if ((cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET) && utime) {
		struct { s64 sec; long nsec; } ts;

		if (copy_from_user(&ts, utime, sizeof(ts)))
			return -EFAULT;
		if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= (long)NSEC_PER_SEC)
			return -EINVAL;
		deadline = (u64)ts.sec * NSEC_PER_SEC + ts.nsec;
		if (cmd == FUTEX_WAIT) {
			/* FUTEX_WAIT: relative, on the monotonic clock. */
			deadline += clock_ns();
			realtime = false;
		}
		if (!deadline)
			deadline = 1;	/* already expired, not "forever" */
	}
	switch (cmd) {
	case FUTEX_WAIT:
		return futex_wait(mm, uaddr, val, deadline, realtime, FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAIT_BITSET:
		return val3 ? futex_wait(mm, uaddr, val, deadline, realtime, val3) : -EINVAL;
	case FUTEX_WAKE:
		return wake_bits(mm, uaddr, (int)MIN(val, 0x7fffffffU), FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAKE_BITSET:
		return val3 ? wake_bits(mm, uaddr, (int)MIN(val, 0x7fffffffU), val3) : -EINVAL;
	default:
		return -ENOSYS;	/* requeue, PI and the rest: not yet */
	}
}
