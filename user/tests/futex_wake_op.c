/* FUTEX_WAKE_OP: apply an operation to the second word atomically, wake
 * val waiters of the first, and val2 of the second if the old value of
 * the second passes the comparison. Every op and comparison, signed
 * 12-bit arguments, the shift flag, and ENOSYS for unknown ones. */
#include "futex_util.h"
#include <pthread.h>

static uint32_t f1, f2;
static int release;

static void *waiter(void *arg)
{
	uint32_t *w = arg;

	while (!__atomic_load_n(&release, __ATOMIC_SEQ_CST))
		futex_call(w, FUTEX_WAIT_PRIVATE, __atomic_load_n(w, __ATOMIC_SEQ_CST), NULL, NULL, 0);
	return NULL;
}

/* The op on f2 (starting at old) leaves new; returns the wake count. */
static long op(uint32_t old, int o, int oparg, int cmp, int cmparg, uint32_t *new)
{
	long r;

	f2 = old;
	r = futex_call(&f1, FUTEX_WAKE_OP_PRIVATE, 0, FUTEX_VAL2(0), &f2,
		       FUTEX_OP(o, oparg, cmp, cmparg));
	*new = f2;
	return r;
}

int main(int argc, char **argv)
{
	pthread_t t[2];
	uint32_t v;

	utest_begin(argc, argv);
	CHECK_EQ(op(5, FUTEX_OP_SET, 7, FUTEX_OP_CMP_EQ, 5, &v), 0);
	CHECK_EQ(v, 7);
	CHECK_EQ(op(5, FUTEX_OP_ADD, -3, FUTEX_OP_CMP_EQ, 5, &v), 0);
	CHECK_EQ(v, 2);
	CHECK_EQ(op(0x10, FUTEX_OP_OR, 0x3, FUTEX_OP_CMP_EQ, 5, &v), 0);
	CHECK_EQ(v, 0x13);
	CHECK_EQ(op(0xff, FUTEX_OP_ANDN, 0xf, FUTEX_OP_CMP_EQ, 5, &v), 0);
	CHECK_EQ(v, 0xf0);
	CHECK_EQ(op(0xff, FUTEX_OP_XOR, 0x0f, FUTEX_OP_CMP_EQ, 5, &v), 0);
	CHECK_EQ(v, 0xf0);
	CHECK_EQ(op(0, FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT, 4, FUTEX_OP_CMP_EQ, 5, &v), 0);
	CHECK_EQ(v, 16);
	CHECK_EQ(op(1, FUTEX_OP_OR | FUTEX_OP_OPARG_SHIFT, 31, FUTEX_OP_CMP_EQ, 5, &v), 0);
	CHECK_EQ(v, 0x80000001U);
	/* An unknown op writes nothing; an unknown comparison is found after the write. */
	CHECK_ERR(op(9, 5, 1, FUTEX_OP_CMP_EQ, 0, &v), ENOSYS);
	CHECK_EQ(v, 9);
	CHECK_ERR(op(9, FUTEX_OP_SET, 1, 6, 0, &v), ENOSYS);
	CHECK_EQ(v, 1);
	CHECK_ERR(futex_call(&f1, FUTEX_WAKE_OP_PRIVATE, 0, FUTEX_VAL2(0), (uint32_t *)4, 0), EFAULT);
	CHECK_ERR(futex_call(&f1, FUTEX_WAKE_OP_PRIVATE, 0, FUTEX_VAL2(0), (uint32_t *)((char *)&f2 + 1),
			     0), EINVAL);

	/* Comparisons, signed, seen through a waiter on f2 (ADD 0 keeps the
	 * word): woken when the old value passes. */
	static const struct { int32_t old; int cmp, arg; long woken; } cases[] = {
		{ -1, FUTEX_OP_CMP_EQ, -1, 1 }, { 5, FUTEX_OP_CMP_EQ, 4, 0 },
		{ 5, FUTEX_OP_CMP_NE, 4, 1 }, { 4, FUTEX_OP_CMP_NE, 4, 0 },
		{ -1, FUTEX_OP_CMP_LT, 0, 1 }, { 1, FUTEX_OP_CMP_LT, 0, 0 },
		{ 0, FUTEX_OP_CMP_LE, 0, 1 }, { 1, FUTEX_OP_CMP_LE, 0, 0 },
		{ 1, FUTEX_OP_CMP_GT, 0, 1 }, { -1, FUTEX_OP_CMP_GT, 0, 0 },
		{ 0, FUTEX_OP_CMP_GE, 0, 1 }, { -2, FUTEX_OP_CMP_GE, -1, 0 },
	};
	CHECK_EQ(pthread_create(&t[0], NULL, waiter, &f2), 0);
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		__atomic_store_n(&f2, (uint32_t)cases[i].old, __ATOMIC_SEQ_CST);
		futex_wait_for_waiters(&f2, FUTEX_PRIVATE_FLAG, 1);
		CHECK_MSG(futex_call(&f1, FUTEX_WAKE_OP_PRIVATE, 1, FUTEX_VAL2(1), &f2,
				     FUTEX_OP(FUTEX_OP_ADD, 0, cases[i].cmp, cases[i].arg)) ==
				  cases[i].woken,
			  "case %u", i);
	}
	/* Both words: one waiter each, both woken. */
	CHECK_EQ(pthread_create(&t[1], NULL, waiter, &f1), 0);
	futex_wait_for_waiters(&f1, FUTEX_PRIVATE_FLAG, 1);
	futex_wait_for_waiters(&f2, FUTEX_PRIVATE_FLAG, 1);
	__atomic_store_n(&f2, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&release, 1, __ATOMIC_SEQ_CST);
	CHECK_EQ(futex_call(&f1, FUTEX_WAKE_OP_PRIVATE, 1, FUTEX_VAL2(1), &f2,
			    FUTEX_OP(FUTEX_OP_SET, 1, FUTEX_OP_CMP_EQ, 0)),
		 2);
	for (int i = 0; i < 2; i++)
		CHECK_EQ(pthread_join(t[i], NULL), 0);
	utest_pass();
}
