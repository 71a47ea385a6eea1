/*
 * Priority-inheritance futexes: FUTEX_LOCK_PI, FUTEX_TRYLOCK_PI (and
 * LOCK_PI2), FUTEX_UNLOCK_PI. The user word holds the owner's tid, with
 * FUTEX_WAITERS while the kernel has waiters (so the owner's unlock comes
 * here) and FUTEX_OWNER_DIED once an owner died holding it. The kernel
 * hands the lock over itself: an unlock writes the first waiter's tid
 * into the word and wakes it, so the lock never looks free while someone
 * waits.
 *
 * Mica's scheduler has no priorities, so there is nothing to boost: the
 * inheritance is a no-op, the protocol is Linux's.
 *
 * A struct futex_pi exists while a lock has kernel waiters; it records
 * the owner (on the owner's futex.pi_owned list, so that an exiting owner
 * hands the lock on). Its refs count the waiters queued with it (and
 * short-lived users); the last one frees it, under the bucket lock.
 */
#include "futex_impl.h"
#include <core/kmalloc.h>
#include <mica/errno.h>

struct futex_pi {
	struct futex_key key;		/* [I] holds a reference on its object */
	struct task *owner;		/* [bucket + futex_pi_lock] NULL: died, no heir yet */
	struct list_head owner_link;	/* [futex_pi_lock] in owner->futex.pi_owned */
	bool fixup_pending;		/* [bucket] the heir of a dead owner has not yet
					 * written its tid into the word */
	atomic_t refs;
};

DEFINE_SPINLOCK(futex_pi_lock);

/* futex_pi_lock held. */
static void pi_set_owner(struct futex_pi *pi, struct task *t)
{
	if (pi->owner)
		list_del_init(&pi->owner_link);
	pi->owner = t;
	if (t) {
		if (!t->futex.pi_owned.next)
			INIT_LIST_HEAD(&t->futex.pi_owned);
		list_add_tail(&pi->owner_link, &t->futex.pi_owned);
	}
}

/* Drop a reference; the bucket of pi->key is locked. */
static void pi_put(struct futex_pi *pi)
{
	if (!atomic_dec_and_test(&pi->refs))
		return;
	spin_lock(&futex_pi_lock);
	pi_set_owner(pi, NULL);
	spin_unlock(&futex_pi_lock);
	futex_key_put(&pi->key);
	kfree(pi);
}

/* The word is still uval: 0, -EAGAIN (changed: look again) or -EFAULT. */
static int word_unchanged(uptr_t uaddr, u32 uval)
{
	u32 now;

	if (futex_get_value(&now, uaddr))
		return -EFAULT;
	return now == uval ? 0 : -EAGAIN;
}

/* Set FUTEX_WAITERS in the word, which holds uval: 0, -EAGAIN or -EFAULT. */
static int set_waiters_bit(uptr_t uaddr, u32 uval)
{
	u32 seen;

	if (uval & FUTEX_WAITERS)
		return 0;
	if (cmpxchg_user_u32(uaddr, uval, uval | FUTEX_WAITERS, &seen))
		return -EFAULT;
	return seen == uval ? 0 : -EAGAIN;
}

/*
 * Kernel state for a lock owned by the thread tid, which has none yet:
 * -ESRCH when no such thread exists (and the word is stable), -EBUSY
 * while it is exiting (its clean-up may still free the lock: wait), or
 * -EAGAIN / -EFAULT from re-reading the word.
 */
static int pi_attach_owner(uptr_t uaddr, u32 uval, const struct futex_key *key,
			   struct futex_pi **out)
{
	struct futex_pi *pi = kzalloc(sizeof(*pi));
	struct task *t;
	int state = FUTEX_TASK_DEAD;

	if (!pi)
		return -ENOMEM;
	INIT_LIST_HEAD(&pi->owner_link);
	atomic_set(&pi->refs, 1);
	spin_lock(&futex_pi_lock);
	spin_lock(&proc_tree_lock);
	t = task_find(uval & FUTEX_TID_MASK);
	if (t && t->user)
		state = t->futex.exit_state;
	if (state == FUTEX_TASK_ALIVE)
		pi_set_owner(pi, t);
	spin_unlock(&proc_tree_lock);
	spin_unlock(&futex_pi_lock);
	if (state == FUTEX_TASK_ALIVE) {
		futex_key_dup(&pi->key, key);
		*out = pi;
		return 0;
	}
	kfree(pi);
	if (state == FUTEX_TASK_EXITING)
		return -EBUSY;
	/* No owner: a lock left by a thread without a robust list, or a
	 * bogus word. Unless the word just changed, tell user space. */
	state = word_unchanged(uaddr, uval);
	return state ? state : -ESRCH;
}

/* Is an existing kernel state consistent with the word? */
static bool pi_matches_word(struct futex_pi *pi, u32 uval)
{
	if (pi->fixup_pending)
		return true;	/* handed over after a death: the heir fixes the word */
	return pi->owner && (u32)pi->owner->tid == (uval & FUTEX_TID_MASK);
}

/*
 * The atomic part of LOCK_PI, bucket b locked: 1 when the lock is now
 * ours, 0 with *out set when we must wait (FUTEX_WAITERS is set and we
 * hold a reference on *out), else -errno (-EAGAIN/-EBUSY: unlock and try
 * again).
 */
static int lock_pi_atomic(uptr_t uaddr, struct futex_bucket *b, const struct futex_key *key,
			  struct futex_pi **out)
{
	u32 uval, seen, tid = current->tid;
	struct futex_q *top;
	int err;

	if (futex_get_value(&uval, uaddr))
		return -EFAULT;
	if ((uval & FUTEX_TID_MASK) == tid)
		return -EDEADLK;
	top = futex_top_waiter(b, key);
	if (top) {
		if (!top->pi || !pi_matches_word(top->pi, uval))
			return -EINVAL;	/* user space mixed up the word */
		err = set_waiters_bit(uaddr, uval);
		if (err)
			return err;
		atomic_inc(&top->pi->refs);
		*out = top->pi;
		return 0;
	}
	if (!(uval & FUTEX_TID_MASK)) {
		/* Free (perhaps with OWNER_DIED, which stays): take it. */
		if (cmpxchg_user_u32(uaddr, uval, (uval & FUTEX_OWNER_DIED) | tid, &seen))
			return -EFAULT;
		return seen == uval ? 1 : -EAGAIN;
	}
	/* First waiter: the owner must come to the kernel to unlock. */
	err = set_waiters_bit(uaddr, uval);
	if (err)
		return err;
	return pi_attach_owner(uaddr, uval | FUTEX_WAITERS, key, out);
}

static bool q_pi_owned(struct futex_q *q)
{
	return READ_ONCE(q->pi_owned);
}

/* The heir of a dead owner: put our tid in the word, keeping OWNER_DIED. */
static int pi_fixup_word(uptr_t uaddr)
{
	u32 uval, seen;

	if (futex_get_value(&uval, uaddr))
		return -EFAULT;
	for (;;) {
		u32 nw = (uval & FUTEX_OWNER_DIED) | FUTEX_OWNER_DIED | FUTEX_WAITERS |
			 (u32)current->tid;

		if (cmpxchg_user_u32(uaddr, uval, nw, &seen))
			return -EFAULT;
		if (seen == uval)
			return 0;
		uval = seen;
	}
}

long futex_lock_pi(uptr_t uaddr, bool shared, const struct futex_timeout *to, bool trylock)
{
	struct futex_q q = { .task = current, .bitset = FUTEX_BITSET_MATCH_ANY };
	struct futex_key key;
	struct futex_bucket *b;
	struct futex_pi *pi = NULL;
	long ret;

	ret = futex_key_get(uaddr, shared, &key);
	if (ret)
		return ret;
	b = futex_bucket_of(&key);
	for (;;) {
		mutex_lock(&b->lock);
		ret = lock_pi_atomic(uaddr, b, &key, &pi);
		if (ret != -EAGAIN && ret != -EBUSY)
			break;
		mutex_unlock(&b->lock);
		if (ret == -EBUSY)
			msleep(1);	/* the owner is exiting: let it finish */
		if (signal_pending()) {
			futex_key_put(&key);
			return -ERESTARTNOINTR;
		}
	}
	if (ret) {
		mutex_unlock(&b->lock);
		futex_key_put(&key);
		return ret == 1 ? 0 : ret;
	}
	if (trylock) {
		/* Linux's trylock also sets FUTEX_WAITERS before giving up. */
		pi_put(pi);
		mutex_unlock(&b->lock);
		futex_key_put(&key);
		return -EAGAIN;
	}
	q.pi = pi;	/* the reference taken above is the queued waiter's */
	q.key = key;
	futex_queue_locked(b, &q);
	set_current_state(TASK_INTERRUPTIBLE);
	mutex_unlock(&b->lock);

	ret = futex_sleep(&q, to, q_pi_owned);
	b = futex_q_lock(&q);
	if (q.pi_owned) {
		ret = 0;	/* handed over: that wins over a timeout or a signal */
		if (q.pi_fixup) {
			ret = pi_fixup_word(uaddr);
			pi->fixup_pending = false;
		}
	}
	futex_unqueue_locked(&q);
	pi_put(pi);
	mutex_unlock(&b->lock);
	/* Interrupted: always restarted, the deadline being absolute (Linux). */
	return ret == -EINTR ? -ERESTARTNOINTR : ret;
}

/* Give pi's lock to waiter q (bucket locked): it becomes the owner. */
static void pi_hand_over(struct futex_pi *pi, struct futex_q *q, bool owner_died)
{
	spin_lock(&futex_pi_lock);
	pi_set_owner(pi, q->task);
	spin_unlock(&futex_pi_lock);
	q->pi_fixup = owner_died;
	pi->fixup_pending = owner_died;
	/* q stays queued until its task runs, so that later lockers find
	 * the state and queue behind it. */
	task_get(q->task);
	smp_store_release(&q->pi_owned, true);
	wake_up_process(q->task);
	task_put(q->task);
}

/* The first waiter on key not yet handed the lock. */
static struct futex_q *pi_next_waiter(struct futex_bucket *b, const struct futex_key *key)
{
	struct futex_q *q;

	list_for_each_entry(q, &b->waiters, link)
		if (futex_key_match(&q->key, key) && !q->pi_owned)
			return q;
	return NULL;
}

long futex_unlock_pi(uptr_t uaddr, bool shared)
{
	struct futex_key key;
	struct futex_bucket *b;
	struct futex_q *top;
	u32 uval, seen, tid = current->tid;
	long ret;

	ret = futex_key_get(uaddr, shared, &key);
	if (ret)
		return ret;
	b = futex_bucket_of(&key);
	mutex_lock(&b->lock);
again:
	ret = -EFAULT;
	if (futex_get_value(&uval, uaddr))
		goto out;
	ret = -EPERM;	/* only the owner unlocks */
	if ((uval & FUTEX_TID_MASK) != tid)
		goto out;
	top = pi_next_waiter(b, &key);
	if (top) {
		ret = -EINVAL;
		if (!top->pi || top->pi->owner != current)
			goto out;	/* the word and the kernel state disagree */
		ret = -EFAULT;
		if (cmpxchg_user_u32(uaddr, uval, FUTEX_WAITERS | (u32)top->task->tid, &seen))
			goto out;
		if (seen != uval)
			goto again;
		pi_hand_over(top->pi, top, false);
		ret = 0;
		goto out;
	}
	/* No kernel waiters (late ones wait for the bucket lock): free it,
	 * dropping FUTEX_WAITERS and FUTEX_OWNER_DIED. */
	ret = -EFAULT;
	if (cmpxchg_user_u32(uaddr, uval, 0, &seen))
		goto out;
	ret = seen == uval ? 0 : -EAGAIN;
out:
	mutex_unlock(&b->lock);
	futex_key_put(&key);
	return ret;
}

void futex_exit_pi(void)
{
	struct futex_task *ft = &current->futex;

	for (;;) {
		struct futex_pi *pi;
		struct futex_bucket *b;
		struct futex_q *q;

		spin_lock(&futex_pi_lock);
		if (!ft->pi_owned.next || list_empty(&ft->pi_owned)) {
			spin_unlock(&futex_pi_lock);
			return;
		}
		pi = list_first_entry(&ft->pi_owned, struct futex_pi, owner_link);
		atomic_inc(&pi->refs);
		spin_unlock(&futex_pi_lock);

		/* Bucket lock first (lock order), then check it is still ours. */
		b = futex_bucket_of(&pi->key);
		mutex_lock(&b->lock);
		if (pi->owner == current) {
			spin_lock(&futex_pi_lock);
			pi_set_owner(pi, NULL);
			spin_unlock(&futex_pi_lock);
			q = pi_next_waiter(b, &pi->key);
			if (q)
				pi_hand_over(pi, q, true);
		}
		pi_put(pi);
		mutex_unlock(&b->lock);
	}
}
