/* A periodic timerfd counts its expiries: one read returns how many
 * intervals passed since it was armed (within one of what the clock
 * says), and the count starts again after each read. */
#include "utest.h"
#include <stdint.h>
#include <sys/timerfd.h>
#include <time.h>

static long long now(void)
{
	struct timespec ts;

	CHECK_OK(clock_gettime(CLOCK_MONOTONIC, &ts));
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	const long long period = 10000000LL;	/* 10 ms */
	struct itimerspec its = { { 0, period }, { 0, period } };
	long long t0, t1, expect;
	uint64_t n;
	int fd;

	utest_begin(argc, argv);
	fd = CHECK_OK(timerfd_create(CLOCK_MONOTONIC, 0));
	t0 = now();
	CHECK_OK(timerfd_settime(fd, 0, &its, NULL));
	usleep(105000);
	CHECK_EQ(read(fd, &n, sizeof(n)), 8);
	t1 = now();
	expect = (t1 - t0) / period;
	CHECK_MSG((long long)n >= expect - 1 && (long long)n <= expect + 1,
		  "%llu expiries in %lld ns", (unsigned long long)n, t1 - t0);
	CHECK(n >= 9);
	/* A blocking read waits for the next expiry: exactly one (or so). */
	t0 = now();
	CHECK_EQ(read(fd, &n, sizeof(n)), 8);
	t1 = now();
	CHECK(n >= 1 && (long long)n <= (t1 - t0) / period + 2);
	CHECK(t1 - t0 <= 2 * period + 50000000LL);
	/* Disarmed: gettime reads zero. */
	memset(&its, 0, sizeof(its));
	CHECK_OK(timerfd_settime(fd, 0, &its, NULL));
	CHECK_OK(timerfd_gettime(fd, &its));
	CHECK(its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0);
	close(fd);
	utest_pass();
}
