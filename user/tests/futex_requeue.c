/* FUTEX_REQUEUE and FUTEX_CMP_REQUEUE: wake val waiters, move up to val2
 * others to the second futex; the result counts both. CMP_REQUEUE checks
 * the word first (EAGAIN); negative counts are EINVAL. */
#include "futex_util.h"
#include <pthread.h>

static uint32_t f1, f2;
static int done;

static void *waiter(void *arg)
{
	(void)arg;
	/* Woken from f1 or f2 alike, it leaves once done is set. */
	while (!__atomic_load_n(&done, __ATOMIC_SEQ_CST))
		futex_call(&f1, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[4];

	utest_begin(argc, argv);
	CHECK_ERR(futex_call(&f1, FUTEX_REQUEUE_PRIVATE, (uint32_t)-1, FUTEX_VAL2(1), &f2, 0),
		  EINVAL);
	CHECK_ERR(futex_call(&f1, FUTEX_CMP_REQUEUE_PRIVATE, 1, FUTEX_VAL2(-1), &f2, 0), EINVAL);
	CHECK_ERR(futex_call(&f1, FUTEX_CMP_REQUEUE_PRIVATE, 1, FUTEX_VAL2(1), &f2, 7), EAGAIN);
	CHECK_EQ(futex_call(&f1, FUTEX_CMP_REQUEUE_PRIVATE, 1, FUTEX_VAL2(1), &f2, 0), 0);
	for (int i = 0; i < 4; i++)
		CHECK_EQ(pthread_create(&t[i], NULL, waiter, NULL), 0);
	futex_wait_for_waiters(&f1, FUTEX_PRIVATE_FLAG, 4);

	/* Nothing to wake, two to move: f1 keeps 2, f2 gets 2. */
	CHECK_EQ(futex_call(&f1, FUTEX_CMP_REQUEUE_PRIVATE, 0, FUTEX_VAL2(2), &f2, 0), 2);
	CHECK_EQ(futex_waiters(&f1, FUTEX_PRIVATE_FLAG), 2);
	CHECK_EQ(futex_waiters(&f2, FUTEX_PRIVATE_FLAG), 2);
	/* A changed word: EAGAIN, nothing moves. */
	f1 = 3;
	CHECK_ERR(futex_call(&f1, FUTEX_CMP_REQUEUE_PRIVATE, 1, FUTEX_VAL2(5), &f2, 0), EAGAIN);
	f1 = 0;
	CHECK_EQ(futex_waiters(&f2, FUTEX_PRIVATE_FLAG), 2);
	/* Plain REQUEUE does not look at the word: both move. */
	CHECK_EQ(futex_call(&f1, FUTEX_REQUEUE_PRIVATE, 0, FUTEX_VAL2(INT_MAX), &f2, 0), 2);
	CHECK_EQ(futex_waiters(&f2, FUTEX_PRIVATE_FLAG), 4);
	CHECK_EQ(futex_waiters(&f1, FUTEX_PRIVATE_FLAG), 0);
	/* Wake one and move one: 2, and f2 keeps 2. */
	__atomic_store_n(&done, 1, __ATOMIC_SEQ_CST);
	CHECK_EQ(futex_call(&f2, FUTEX_REQUEUE_PRIVATE, 1, FUTEX_VAL2(1), &f1, 0), 2);
	CHECK_EQ(futex_waiters(&f2, FUTEX_PRIVATE_FLAG), 2);
	CHECK_EQ(futex_call(&f2, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0), 2);
	CHECK_EQ(futex_call(&f1, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0), 1);
	for (int i = 0; i < 4; i++)
		CHECK_EQ(pthread_join(t[i], NULL), 0);
	utest_pass();
}
