/* pthread_cancel of a thread blocked in a cancellation point — read on
 * an empty pipe, nanosleep — ends it (the C library sends its internal
 * cancel signal): the joiner sees PTHREAD_CANCELED and the cleanup
 * handler ran. With cancellation disabled the thread runs on. */
#include "utest.h"
#include <pthread.h>
#include <time.h>

static int fds[2];
static int cleaned, started;

static void cleanup(void *arg)
{
	__atomic_fetch_add((int *)arg, 1, __ATOMIC_SEQ_CST);
}

static void *in_read(void *arg)
{
	char c;

	(void)arg;
	pthread_cleanup_push(cleanup, &cleaned);
	__atomic_store_n(&started, 1, __ATOMIC_SEQ_CST);
	read(fds[0], &c, 1);
	pthread_cleanup_pop(0);
	return NULL;
}

static void *in_sleep(void *arg)
{
	struct timespec ts = { 5, 0 };

	(void)arg;
	pthread_cleanup_push(cleanup, &cleaned);
	__atomic_store_n(&started, 1, __ATOMIC_SEQ_CST);
	nanosleep(&ts, NULL);
	pthread_cleanup_pop(0);
	return NULL;
}

static void *disabled(void *arg)
{
	struct timespec ts = { 0, 100000000 };
	int old;

	(void)arg;
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	__atomic_store_n(&started, 1, __ATOMIC_SEQ_CST);
	nanosleep(&ts, NULL);
	return (void *)7L;
}

static void run(const char *what, void *(*fn)(void *), void *expect)
{
	pthread_t t;
	void *r;

	__atomic_store_n(&started, 0, __ATOMIC_SEQ_CST);
	CHECK_EQ(pthread_create(&t, NULL, fn, NULL), 0);
	while (!__atomic_load_n(&started, __ATOMIC_SEQ_CST))
		usleep(1000);
	usleep(20000);	/* most likely blocked by now; cancelled either way */
	CHECK_EQ(pthread_cancel(t), 0);
	CHECK_EQ(pthread_join(t, &r), 0);
	CHECK_MSG(r == expect, "%s: thread returned %p", what, r);
}

int main(int argc, char **argv)
{
	utest_begin(argc, argv);
	CHECK_OK(pipe(fds));
	run("read", in_read, PTHREAD_CANCELED);
	run("nanosleep", in_sleep, PTHREAD_CANCELED);
	CHECK_EQ(cleaned, 2);
	run("disabled", disabled, (void *)7L);
	utest_pass();
}
