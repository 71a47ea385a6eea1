/* WAIT_BITSET/WAKE_BITSET: a wake reaches only waiters whose bitset
 * shares a bit with its own; plain FUTEX_WAKE matches every bitset. */
#include "futex_util.h"
#include <pthread.h>

static uint32_t word;
static int woke[3];

static void *waiter(void *arg)
{
	long i = (long)arg;

	while (futex_call(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, NULL, NULL, 1U << i) != 0)
		;
	__atomic_store_n(&woke[i], 1, __ATOMIC_SEQ_CST);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[3];

	utest_begin(argc, argv);
	for (long i = 0; i < 3; i++)
		CHECK_EQ(pthread_create(&t[i], NULL, waiter, (void *)i), 0);
	futex_wait_for_waiters(&word, FUTEX_PRIVATE_FLAG, 3);
	CHECK_EQ(futex_call(&word, FUTEX_WAKE_BITSET_PRIVATE, INT_MAX, NULL, NULL, 8), 0);
	CHECK_EQ(futex_call(&word, FUTEX_WAKE_BITSET_PRIVATE, INT_MAX, NULL, NULL, 2), 1);
	CHECK_EQ(pthread_join(t[1], NULL), 0);
	CHECK(woke[1] && !woke[0] && !woke[2]);
	CHECK_EQ(futex_waiters(&word, FUTEX_PRIVATE_FLAG), 2);
	/* One of bits 0 and 2: which one is first in line is not known. */
	CHECK_EQ(futex_call(&word, FUTEX_WAKE_BITSET_PRIVATE, 1, NULL, NULL, 5), 1);
	CHECK_EQ(futex_waiters(&word, FUTEX_PRIVATE_FLAG), 1);
	CHECK_EQ(futex_call(&word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0), 1);
	CHECK_EQ(pthread_join(t[0], NULL), 0);
	CHECK_EQ(pthread_join(t[2], NULL), 0);
	utest_pass();
}
