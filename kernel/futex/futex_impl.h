/*
 * Futex internals shared by the files of kernel/futex/.
 *
 * A waiter is a struct futex_q on its own kernel stack, queued on the hash
 * bucket of its key. Each bucket has a mutex (not a spinlock: reading a
 * user word under it may fault a page in, which sleeps on mm->lock). A
 * waiter reads the word and queues itself under the bucket lock, and a
 * waker looks for waiters under it, so a wake that follows a change of
 * the word never misses a waiter that saw the old value.
 *
 * Lock order: bucket lock (two: lower address first) -> mm->lock (page
 * faults) -> futex_pi_lock -> proc_tree_lock. Never take a bucket lock
 * while holding mm->lock.
 */
#ifndef KERNEL_FUTEX_IMPL_H
#define KERNEL_FUTEX_IMPL_H

#include <kernel/futex.h>
#include <kernel/proc.h>
#include <core/wait.h>

/* Linux's op codes and flags (uapi/linux/futex.h). */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_FD 2
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_LOCK_PI 6
#define FUTEX_UNLOCK_PI 7
#define FUTEX_TRYLOCK_PI 8
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_WAIT_REQUEUE_PI 11
#define FUTEX_CMP_REQUEUE_PI 12
#define FUTEX_LOCK_PI2 13
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_BITSET_MATCH_ANY 0xffffffffU

/* The lock word of PI and robust futexes. */
#define FUTEX_WAITERS 0x80000000U
#define FUTEX_OWNER_DIED 0x40000000U
#define FUTEX_TID_MASK 0x3fffffffU

/*
 * What names a futex. Linux's three kinds, which never match each other:
 * a private futex (FUTEX_PRIVATE_FLAG) is (mm, address); a shared one in
 * a private mapping is also (mm, address) but of its own kind; a shared
 * one in a shared mapping is (shared object, offset), the same in every
 * process mapping it. A SHM key holds a reference on its object.
 */
enum futex_key_kind { FUTEX_KEY_PRIVATE = 1, FUTEX_KEY_MM, FUTEX_KEY_SHM };

struct futex_key {
	int kind;
	void *obj;	/* struct mm or the shared object */
	u64 off;	/* user address, or byte offset in the object */
};

struct futex_bucket {
	struct mutex lock;
	struct list_head waiters;	/* [lock] futex_q.link, in arrival order */
};

struct futex_pi;

struct futex_q {
	struct list_head link;		/* [bucket] in bucket->waiters while queued */
	struct futex_bucket *bucket;	/* [bucket] changes only by requeue (both locked) */
	struct futex_key key;		/* [bucket] holds a reference (SHM) while queued */
	struct task *task;		/* [I] the sleeper */
	u32 bitset;			/* [I] WAIT_BITSET's mask */
	bool woken;			/* [bucket] dequeued by a waker; release-stored */
	struct futex_pi *pi;		/* [I] PI waiters: the lock's kernel state */
	bool pi_owned;			/* [bucket] the lock was handed to this waiter */
	bool pi_fixup;			/* [bucket] ...by a dead owner: write our tid */
};

/* Timeouts: an absolute deadline on one clock. */
struct futex_timeout {
	bool set;
	bool realtime;			/* CLOCK_REALTIME, else CLOCK_MONOTONIC */
	u64 deadline;			/* ns on that clock */
};

/* Key of uaddr in the current address space; shared: not FUTEX_PRIVATE_FLAG.
 * -EINVAL if misaligned, -EFAULT if outside user space (or, for a shared
 * key, not mapped). Release a key with futex_key_put. */
int futex_key_get(uptr_t uaddr, bool shared, struct futex_key *key);
void futex_key_put(struct futex_key *key);
void futex_key_dup(struct futex_key *dst, const struct futex_key *src);
bool futex_key_match(const struct futex_key *a, const struct futex_key *b);

struct futex_bucket *futex_bucket_of(const struct futex_key *key);

/* Two futexes at once (requeue, wake_op): keys held, buckets locked. */
struct futex_pair {
	struct futex_key key1, key2;
	struct futex_bucket *b1, *b2;
};
/* 0 with both keys held and both buckets locked, or -errno with nothing. */
int futex_pair_lock(uptr_t uaddr, uptr_t uaddr2, bool shared, struct futex_pair *fp);
void futex_pair_unlock(struct futex_pair *fp);
/* Lock one or two buckets (the lower address first); unlock likewise. */
void futex_lock2(struct futex_bucket *a, struct futex_bucket *b);
void futex_unlock2(struct futex_bucket *a, struct futex_bucket *b);
/* Lock the bucket q is queued on now (requeue may move it meanwhile). */
struct futex_bucket *futex_q_lock(struct futex_q *q);

/* Queue q (key and task set) on b, whose lock is held; q takes a
 * reference on its key. */
void futex_queue_locked(struct futex_bucket *b, struct futex_q *q);
/* Take q off its bucket (lock held) and drop its key reference. */
void futex_unqueue_locked(struct futex_q *q);
/* Dequeue q and wake its task (bucket lock held). */
void futex_wake_q_locked(struct futex_q *q);
/* The first waiter on key in b (lock held), or NULL. */
struct futex_q *futex_top_waiter(struct futex_bucket *b, const struct futex_key *key);
/* Sleep (after queueing in TASK_INTERRUPTIBLE) until done(q) holds, the
 * timeout passes (-ETIMEDOUT) or a signal comes (-EINTR); 0 when done. */
long futex_sleep(struct futex_q *q, const struct futex_timeout *to,
		 bool (*done)(struct futex_q *q));

/* Read the user word (bucket lock may be held: faults sleep, not spin). */
static inline int futex_get_value(u32 *val, uptr_t uaddr)
{
	return get_user(*val, uaddr);
}

/* The operations, one file each (waitwake.c, requeue.c, pi.c). */
long futex_wait(uptr_t uaddr, bool shared, u32 val, const struct futex_timeout *to,
		u32 bitset);
long futex_wake(uptr_t uaddr, bool shared, int nr, u32 bitset);
long futex_wake_op(uptr_t uaddr, bool shared, uptr_t uaddr2, int nr, int nr2, u32 op);
long futex_requeue(uptr_t uaddr, bool shared, uptr_t uaddr2, int nr_wake, int nr_requeue,
		   const u32 *cmpval);
long futex_lock_pi(uptr_t uaddr, bool shared, const struct futex_timeout *to, bool trylock);
long futex_unlock_pi(uptr_t uaddr, bool shared);
/* Thread exit: hand every PI lock current owns to its first waiter. */
void futex_exit_pi(void);

extern spinlock_t futex_pi_lock;

#endif
