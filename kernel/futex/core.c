/*
 * Futex core: keys, the hash of waiter queues, and sleeping on a queue.
 * See futex_impl.h for the locking rules.
 */
#include "futex_impl.h"
#include <kernel/mm.h>
#include <core/clock.h>
#include <mica/errno.h>

#define FUTEX_HASH_BITS 8
#define FUTEX_HASH (1U << FUTEX_HASH_BITS)

static struct futex_bucket buckets[FUTEX_HASH];
static bool buckets_ready;	/* [a] set once, with release, after the init */
static DEFINE_SPINLOCK(buckets_init_lock);

static void buckets_init(void)
{
	spin_lock(&buckets_init_lock);
	if (!buckets_ready) {
		for (unsigned int i = 0; i < FUTEX_HASH; i++) {
			mutex_init(&buckets[i].lock, "futex.bucket");
			INIT_LIST_HEAD(&buckets[i].waiters);
		}
		smp_store_release(&buckets_ready, true);
	}
	spin_unlock(&buckets_init_lock);
}

struct futex_bucket *futex_bucket_of(const struct futex_key *key)
{
	u64 h = ((u64)(uintptr_t)key->obj ^ (key->off >> 2) ^ ((u64)key->kind << 61)) *
		0x9e3779b97f4a7c15ULL;

	/* Set up on first use, from process context: no init hook needed. */
	if (!smp_load_acquire(&buckets_ready))
		buckets_init();
	return &buckets[h >> (64 - FUTEX_HASH_BITS)];
}

int futex_key_get(uptr_t uaddr, bool shared, struct futex_key *key)
{
	struct mm *mm = current->mm;
	void *obj;
	u64 off;
	int err;

	if (uaddr & 3)
		return -EINVAL;
	if (!user_range_ok(uaddr, sizeof(u32)) || !mm)
		return -EFAULT;
	if (!shared) {
		*key = (struct futex_key){ FUTEX_KEY_PRIVATE, mm, uaddr };
		return 0;
	}
	err = mm_futex_backing(mm, uaddr, &obj, &off);
	if (err)
		return err;
	if (obj)
		*key = (struct futex_key){ FUTEX_KEY_SHM, obj, off };
	else
		*key = (struct futex_key){ FUTEX_KEY_MM, mm, uaddr };
	return 0;
}

void futex_key_put(struct futex_key *key)
{
	if (key->kind == FUTEX_KEY_SHM)
		mm_backing_put(key->obj);
	key->kind = 0;
}

void futex_key_dup(struct futex_key *dst, const struct futex_key *src)
{
	*dst = *src;
	if (src->kind == FUTEX_KEY_SHM)
		mm_backing_get(src->obj);
}

bool futex_key_match(const struct futex_key *a, const struct futex_key *b)
{
	return a->kind == b->kind && a->obj == b->obj && a->off == b->off;
}

void futex_lock2(struct futex_bucket *a, struct futex_bucket *b)
{
	if (a == b) {
		mutex_lock(&a->lock);
	} else if (a < b) {
		mutex_lock(&a->lock);
		mutex_lock(&b->lock);
	} else {
		mutex_lock(&b->lock);
		mutex_lock(&a->lock);
	}
}

void futex_unlock2(struct futex_bucket *a, struct futex_bucket *b)
{
	mutex_unlock(&a->lock);
	if (a != b)
		mutex_unlock(&b->lock);
}

int futex_pair_lock(uptr_t uaddr, uptr_t uaddr2, bool shared, struct futex_pair *fp)
{
	int err = futex_key_get(uaddr, shared, &fp->key1);

	if (err)
		return err;
	err = futex_key_get(uaddr2, shared, &fp->key2);
	if (err) {
		futex_key_put(&fp->key1);
		return err;
	}
	fp->b1 = futex_bucket_of(&fp->key1);
	fp->b2 = futex_bucket_of(&fp->key2);
	futex_lock2(fp->b1, fp->b2);
	return 0;
}

void futex_pair_unlock(struct futex_pair *fp)
{
	futex_unlock2(fp->b1, fp->b2);
	futex_key_put(&fp->key2);
	futex_key_put(&fp->key1);
}

struct futex_bucket *futex_q_lock(struct futex_q *q)
{
	for (;;) {
		struct futex_bucket *b = READ_ONCE(q->bucket);

		mutex_lock(&b->lock);
		if (b == q->bucket)
			return b;
		mutex_unlock(&b->lock);	/* requeued meanwhile: follow it */
	}
}

void futex_queue_locked(struct futex_bucket *b, struct futex_q *q)
{
	q->bucket = b;
	q->woken = false;
	list_add_tail(&q->link, &b->waiters);
}

void futex_unqueue_locked(struct futex_q *q)
{
	list_del_init(&q->link);
	futex_key_put(&q->key);
}

void futex_wake_q_locked(struct futex_q *q)
{
	struct task *t = q->task;

	/* Once woken is seen, q (on the sleeper's stack) may be gone: hold
	 * the task, not q, for the wake-up itself. */
	task_get(t);
	futex_unqueue_locked(q);
	smp_store_release(&q->woken, true);
	wake_up_process(t);
	task_put(t);
}

struct futex_q *futex_top_waiter(struct futex_bucket *b, const struct futex_key *key)
{
	struct futex_q *q;

	list_for_each_entry(q, &b->waiters, link)
		if (futex_key_match(&q->key, key))
			return q;
	return NULL;
}

static u64 timeout_now(const struct futex_timeout *to)
{
	return to->realtime ? clock_realtime_ns() : clock_ns();
}

long futex_sleep(struct futex_q *q, const struct futex_timeout *to,
		 bool (*done)(struct futex_q *q))
{
	long ret = 0;

	for (;;) {
		if (done(q))
			break;
		if (signal_pending()) {
			ret = -EINTR;
			break;
		}
		if (to && to->set) {
			u64 now = timeout_now(to);

			if (now >= to->deadline) {
				ret = -ETIMEDOUT;
				break;
			}
			/* A realtime deadline becomes a monotonic sleep, checked
			 * again on waking: a clock set meanwhile is seen late. */
			schedule_timeout(to->deadline - now);
		} else {
			schedule();
		}
		set_current_state(TASK_INTERRUPTIBLE);
	}
	set_current_state(TASK_RUNNING);
	return ret;
}
