/*
 * FUTEX_REQUEUE and FUTEX_CMP_REQUEUE: wake some waiters of one futex and
 * move others to a second one, so that a condition variable's broadcast
 * wakes one thread and lets the rest wait on the mutex instead of all
 * stampeding for it.
 */
#include "futex_impl.h"
#include <mica/errno.h>

long futex_requeue(uptr_t uaddr, bool shared, uptr_t uaddr2, int nr_wake, int nr_requeue,
		   const u32 *cmpval)
{
	struct futex_pair fp;
	struct futex_q *q, *tmp;
	long ret, count = 0;

	if (nr_wake < 0 || nr_requeue < 0)
		return -EINVAL;
	ret = futex_pair_lock(uaddr, uaddr2, shared, &fp);
	if (ret)
		return ret;
	if (cmpval) {
		u32 cur;

		ret = futex_get_value(&cur, uaddr);
		if (!ret && cur != *cmpval)
			ret = -EAGAIN;
		if (ret)
			goto out;
	}
	list_for_each_entry_safe(q, tmp, &fp.b1->waiters, link) {
		if (count - nr_wake >= nr_requeue)
			break;
		if (!futex_key_match(&q->key, &fp.key1))
			continue;
		if (q->pi) {
			ret = -EINVAL;	/* PI waiters move only with CMP_REQUEUE_PI */
			break;
		}
		if (++count <= nr_wake) {
			futex_wake_q_locked(q);
			continue;
		}
		/* Requeue: the waiter now sleeps on key2, in b2. */
		futex_key_put(&q->key);
		futex_key_dup(&q->key, &fp.key2);
		if (fp.b1 != fp.b2) {
			list_move_tail(&q->link, &fp.b2->waiters);
			WRITE_ONCE(q->bucket, fp.b2);
		}
	}
out:
	futex_pair_unlock(&fp);
	return ret ? ret : count;
}
