/* getrusage: RUSAGE_SELF sums every thread, live and exited;
 * RUSAGE_THREAD is the caller's own time only. */
#include "utest.h"
#include <pthread.h>
#include <time.h>

static long long tv_us(struct timeval tv)
{
	return tv.tv_sec * 1000000LL + tv.tv_usec;
}

static long long thread_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void *burner(void *arg)
{
	long long end = thread_ns() + (long long)(intptr_t)arg;
	volatile unsigned long x = 0;

	while (thread_ns() < end)
		for (int i = 0; i < 100000; i++)
			x += i;	/* mostly user time */
	return NULL;
}

int main(int argc, char **argv)
{
	struct rusage self, thr;
	pthread_t th[2];

	utest_begin(argc, argv);
	for (int i = 0; i < 2; i++)
		CHECK_EQ(pthread_create(&th[i], NULL, burner, (void *)(intptr_t)150000000), 0);
	for (int i = 0; i < 2; i++)
		CHECK_EQ(pthread_join(th[i], NULL), 0);
	CHECK_OK(getrusage(RUSAGE_SELF, &self));
	CHECK_OK(getrusage(RUSAGE_THREAD, &thr));
	CHECK_MSG(tv_us(self.ru_utime) + tv_us(self.ru_stime) >= 290000LL,
		  "self %lld us", tv_us(self.ru_utime) + tv_us(self.ru_stime));
	CHECK_MSG(tv_us(thr.ru_utime) + tv_us(thr.ru_stime) < 200000LL,
		  "main thread %lld us", tv_us(thr.ru_utime) + tv_us(thr.ru_stime));
	CHECK_MSG(tv_us(self.ru_utime) >= 150000LL, "user %lld us, system %lld us", tv_us(self.ru_utime),
		  tv_us(self.ru_stime));
	/* The main thread burns too: RUSAGE_THREAD follows it. */
	burner((void *)(intptr_t)100000000);
	CHECK_OK(getrusage(RUSAGE_THREAD, &thr));
	CHECK(tv_us(thr.ru_utime) + tv_us(thr.ru_stime) >= 100000LL);
	CHECK(self.ru_maxrss > 0);
	utest_pass();
}
