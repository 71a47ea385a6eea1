/*
 * FUTEX_WAIT, FUTEX_WAKE (and their bitset forms) and FUTEX_WAKE_OP.
 */
#include "futex_impl.h"
#include <mica/errno.h>

static bool q_woken(struct futex_q *q)
{
	return smp_load_acquire(&q->woken);
}

long futex_wait(uptr_t uaddr, bool shared, u32 val, const struct futex_timeout *to,
		u32 bitset)
{
	struct futex_q q = { .task = current, .bitset = bitset };
	struct futex_bucket *b;
	u32 cur;
	long ret;

	if (!bitset)
		return -EINVAL;
	ret = futex_key_get(uaddr, shared, &q.key);
	if (ret)
		return ret;
	b = futex_bucket_of(&q.key);
	mutex_lock(&b->lock);
	ret = futex_get_value(&cur, uaddr);
	if (!ret && cur != val)
		ret = -EAGAIN;
	if (ret) {
		mutex_unlock(&b->lock);
		futex_key_put(&q.key);
		return ret;
	}
	futex_queue_locked(b, &q);	/* q.key's reference goes with it */
	set_current_state(TASK_INTERRUPTIBLE);
	mutex_unlock(&b->lock);

	ret = futex_sleep(&q, to, q_woken);
	if (q_woken(&q))
		return 0;
	b = futex_q_lock(&q);
	if (q.woken)
		ret = 0;	/* a wake that raced with the timeout or signal wins */
	else
		futex_unqueue_locked(&q);
	mutex_unlock(&b->lock);
	return ret;
}

/* Wake up to nr (at least one, as Linux counts) waiters on key whose
 * bitset meets bitset; b locked. The number woken, or -EINVAL when a PI
 * waiter sits on the key (a plain wake of a PI futex). */
static long wake_locked(struct futex_bucket *b, const struct futex_key *key, int nr,
			u32 bitset)
{
	struct futex_q *q, *tmp;
	long woken = 0;

	list_for_each_entry_safe(q, tmp, &b->waiters, link) {
		if (!futex_key_match(&q->key, key))
			continue;
		if (q->pi)
			return -EINVAL;
		if (!(q->bitset & bitset))
			continue;
		futex_wake_q_locked(q);
		if (++woken >= nr)
			break;
	}
	return woken;
}

long futex_wake(uptr_t uaddr, bool shared, int nr, u32 bitset)
{
	struct futex_key key;
	struct futex_bucket *b;
	long ret;

	if (!bitset)
		return -EINVAL;
	ret = futex_key_get(uaddr, shared, &key);
	if (ret)
		return ret;
	b = futex_bucket_of(&key);
	mutex_lock(&b->lock);
	ret = wake_locked(b, &key, nr, bitset);
	mutex_unlock(&b->lock);
	futex_key_put(&key);
	return ret;
}

void futex_wake_shared(uptr_t uaddr)
{
	futex_wake(uaddr, true, 1, FUTEX_BITSET_MATCH_ANY);
}

/* FUTEX_WAKE_OP's encoding: op:4 (bit 3: oparg is a shift), cmp:4,
 * oparg:12, cmparg:12, the two arguments signed. */
#define FUTEX_OP_SET 0
#define FUTEX_OP_ADD 1
#define FUTEX_OP_OR 2
#define FUTEX_OP_ANDN 3
#define FUTEX_OP_XOR 4
#define FUTEX_OP_OPARG_SHIFT 8
#define FUTEX_OP_CMP_EQ 0
#define FUTEX_OP_CMP_NE 1
#define FUTEX_OP_CMP_LT 2
#define FUTEX_OP_CMP_LE 3
#define FUTEX_OP_CMP_GT 4
#define FUTEX_OP_CMP_GE 5

static s32 sign_extend12(u32 v)
{
	return (s32)(v << 20) >> 20;
}

/*
 * Apply op to the word at uaddr atomically; then compare the old value.
 * 1 or 0 (the comparison), -ENOSYS for an unknown op (nothing written) or
 * comparison (written: Linux checks it afterwards), -EFAULT.
 */
static int atomic_op_user(u32 encoded, uptr_t uaddr)
{
	unsigned int op = (encoded >> 28) & 7, cmp = (encoded >> 24) & 15;
	s32 oparg = sign_extend12(encoded >> 12), cmparg = sign_extend12(encoded);
	u32 old, nw, seen;
	int err;

	if (encoded & (FUTEX_OP_OPARG_SHIFT << 28))
		oparg = 1U << (oparg & 31);	/* Linux masks a bad shift, with a warning */
	if (op > FUTEX_OP_XOR)
		return -ENOSYS;
	err = futex_get_value(&old, uaddr);
	for (;;) {
		if (err)
			return err;
		switch (op) {
		case FUTEX_OP_SET: nw = oparg; break;
		case FUTEX_OP_ADD: nw = old + oparg; break;
		case FUTEX_OP_OR: nw = old | oparg; break;
		case FUTEX_OP_ANDN: nw = old & ~oparg; break;
		default: nw = old ^ oparg; break;
		}
		err = cmpxchg_user_u32(uaddr, old, nw, &seen);
		if (!err && seen == old)
			break;
		old = seen;	/* user space changed it meanwhile: again */
	}
	switch (cmp) {
	case FUTEX_OP_CMP_EQ: return (s32)old == cmparg;
	case FUTEX_OP_CMP_NE: return (s32)old != cmparg;
	case FUTEX_OP_CMP_LT: return (s32)old < cmparg;
	case FUTEX_OP_CMP_LE: return (s32)old <= cmparg;
	case FUTEX_OP_CMP_GT: return (s32)old > cmparg;
	case FUTEX_OP_CMP_GE: return (s32)old >= cmparg;
	default: return -ENOSYS;
	}
}

long futex_wake_op(uptr_t uaddr, bool shared, uptr_t uaddr2, int nr, int nr2, u32 op)
{
	struct futex_pair fp;
	long ret, ret2;
	int cond;

	ret = futex_pair_lock(uaddr, uaddr2, shared, &fp);
	if (ret)
		return ret;
	cond = atomic_op_user(op, uaddr2);
	if (cond < 0) {
		ret = cond;
		goto out;
	}
	ret = wake_locked(fp.b1, &fp.key1, nr, FUTEX_BITSET_MATCH_ANY);
	if (ret >= 0 && cond) {
		ret2 = wake_locked(fp.b2, &fp.key2, nr2, FUTEX_BITSET_MATCH_ANY);
		ret = ret2 < 0 ? ret2 : ret + ret2;
	}
out:
	futex_pair_unlock(&fp);
	return ret;
}
