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
	struct futex_key key1, key2;
	struct futex_bucket *b1, *b2;
	struct futex_q *q, *tmp;
	long ret, count = 0;

	if (nr_wake < 0 || nr_requeue < 0)
		return -EINVAL;
	ret = futex_key_get(uaddr, shared, &key1);
	if (ret)
		return ret;
	ret = futex_key_get(uaddr2, shared, &key2);
	if (ret)
		goto out_put1;
	b1 = futex_bucket_of(&key1);
	b2 = futex_bucket_of(&key2);
	futex_lock2(b1, b2);
	if (cmpval) {
		u32 cur;

		ret = futex_get_value(&cur, uaddr);
		if (!ret && cur != *cmpval)
			ret = -EAGAIN;
		if (ret)
			goto out_unlock;
	}
	list_for_each_entry_safe(q, tmp, &b1->waiters, link) {
		if (count - nr_wake >= nr_requeue)
			break;
		if (!futex_key_match(&q->key, &key1))
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
		futex_key_dup(&q->key, &key2);
		if (b1 != b2) {
			list_move_tail(&q->link, &b2->waiters);
			WRITE_ONCE(q->bucket, b2);
		}
	}
out_unlock:
	futex_unlock2(b1, b2);
	futex_key_put(&key2);
out_put1:
	futex_key_put(&key1);
	return ret ? ret : count;
}
