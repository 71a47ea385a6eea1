/* pthread_create/join/detach with either C library: each thread gets its
 * argument and returns a value to its joiner; a detached thread runs to
 * its end; __thread variables start from their initial value in every
 * thread and are private to it; threads have their own tids. */
#include "utest.h"
#include <pthread.h>

static __thread int tls = 42;
static __thread char tls_buf[64];
static int detached_done;

static void *worker(void *arg)
{
	long n = (long)arg;

	if (tls != 42 || tls_buf[0] != 0)
		return (void *)-1L;
	tls = (int)n;
	tls_buf[0] = (char)n;
	usleep(10000);
	if (tls != n || tls_buf[0] != (char)n)
		return (void *)-2L;
	if (syscall(SYS_gettid) == getpid())
		return (void *)-3L;
	return (void *)(n * 10);
}

static void *detached(void *arg)
{
	(void)arg;
	__atomic_store_n(&detached_done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[8], d;
	pthread_attr_t a;
	void *r;

	utest_begin(argc, argv);
	for (long i = 0; i < 8; i++)
		CHECK_EQ(pthread_create(&t[i], NULL, worker, (void *)(i + 1)), 0);
	for (long i = 0; i < 8; i++) {
		CHECK_EQ(pthread_join(t[i], &r), 0);
		CHECK_EQ((long)r, (i + 1) * 10);
	}
	CHECK_EQ(tls, 42);
	CHECK(pthread_equal(pthread_self(), pthread_self()));

	CHECK_EQ(pthread_attr_init(&a), 0);
	CHECK_EQ(pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED), 0);
	CHECK_EQ(pthread_create(&d, &a, detached, NULL), 0);
	while (!__atomic_load_n(&detached_done, __ATOMIC_SEQ_CST))
		usleep(1000);
	CHECK_EQ(pthread_create(&d, NULL, detached, NULL), 0);
	CHECK_EQ(pthread_detach(d), 0);
	utest_pass();
}
