/* FUTEX_WAKE wakes as many waiters as asked: one of three, then the rest;
 * none to wake gives 0; private and shared futexes are separate. */
#include "futex_util.h"
#include <pthread.h>

static uint32_t word;
static int woken;

static void *waiter(void *arg)
{
	(void)arg;
	while (__atomic_load_n(&word, __ATOMIC_SEQ_CST) == 0)
		futex_call(&word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	__atomic_fetch_add(&woken, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[3];

	utest_begin(argc, argv);
	CHECK_EQ(futex_call(&word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0), 0);
	for (int i = 0; i < 3; i++)
		CHECK_EQ(pthread_create(&t[i], NULL, waiter, NULL), 0);
	futex_wait_for_waiters(&word, FUTEX_PRIVATE_FLAG, 3);
	/* A shared wake does not reach private waiters of private memory. */
	CHECK_EQ(futex_call(&word, FUTEX_WAKE, INT_MAX, NULL, NULL, 0), 0);
	/* Woken without a change of the word, a waiter goes back to sleep:
	 * set it first so the woken one leaves. */
	__atomic_store_n(&word, 1, __ATOMIC_SEQ_CST);
	CHECK_EQ(futex_call(&word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0), 1);
	while (__atomic_load_n(&woken, __ATOMIC_SEQ_CST) < 1)
		usleep(1000);
	CHECK_EQ(futex_waiters(&word, FUTEX_PRIVATE_FLAG), 2);
	CHECK_EQ(__atomic_load_n(&woken, __ATOMIC_SEQ_CST), 1);
	CHECK_EQ(futex_call(&word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0), 2);
	for (int i = 0; i < 3; i++)
		CHECK_EQ(pthread_join(t[i], NULL), 0);
	CHECK_EQ(woken, 3);
	utest_pass();
}
