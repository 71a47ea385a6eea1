/* clock_nanosleep on the process's CPU clock: sleeping until the process
 * has used so much more CPU time, which another thread burns meanwhile. */
#include "utest.h"
#include <pthread.h>
#include <time.h>

static volatile int stop;

static void *spinner(void *arg)
{
	(void)arg;
	while (!stop)
		;
	return NULL;
}

static long long now(clockid_t c)
{
	struct timespec ts;

	CHECK_OK(clock_gettime(c, &ts));
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	struct timespec req = { 0, 100000000L }, abs;
	long long p0, p1;
	pthread_t th;

	utest_begin(argc, argv);
	CHECK_EQ(pthread_create(&th, NULL, spinner, NULL), 0);
	p0 = now(CLOCK_PROCESS_CPUTIME_ID);
	CHECK_EQ(clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, 0, &req, NULL), 0);
	p1 = now(CLOCK_PROCESS_CPUTIME_ID);
	CHECK_MSG(p1 - p0 >= 100000000LL, "woke after %lld ns of CPU time", p1 - p0);
	/* Absolute: 50 ms of CPU time from now. */
	p0 = now(CLOCK_PROCESS_CPUTIME_ID) + 50000000LL;
	abs.tv_sec = p0 / 1000000000LL;
	abs.tv_nsec = p0 % 1000000000LL;
	CHECK_EQ(clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, TIMER_ABSTIME, &abs, NULL), 0);
	CHECK(now(CLOCK_PROCESS_CPUTIME_ID) >= p0);
	stop = 1;
	CHECK_EQ(pthread_join(th, NULL), 0);
	utest_pass();
}
