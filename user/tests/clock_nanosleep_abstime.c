/* clock_nanosleep and nanosleep: an absolute time in the past returns at
 * once, relative sleeps last at least as long as asked, bad arguments
 * fail as on Linux, and rem is left alone by a sleep that completes. */
#include "utest.h"
#include <time.h>

static long long now(clockid_t c)
{
	struct timespec ts;

	CHECK_OK(clock_gettime(c, &ts));
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	struct timespec ts, rem = { 77, 77 };
	long long t0, t1;

	utest_begin(argc, argv);
	/* Absolute, in the past: at once, on both clocks. */
	ts.tv_sec = 1;
	ts.tv_nsec = 0;
	t0 = now(CLOCK_MONOTONIC);
	CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL), 0);
	CHECK_EQ(clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &ts, NULL), 0);
	CHECK(now(CLOCK_MONOTONIC) - t0 < 500000000LL);

	/* Absolute, 50 ms ahead. */
	t0 = now(CLOCK_MONOTONIC);
	ts.tv_sec = (t0 + 50000000LL) / 1000000000LL;
	ts.tv_nsec = (t0 + 50000000LL) % 1000000000LL;
	CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL), 0);
	CHECK(now(CLOCK_MONOTONIC) >= t0 + 50000000LL);

	/* Relative on the wall clock, and nanosleep; rem untouched. */
	ts.tv_sec = 0;
	ts.tv_nsec = 30000000L;
	t0 = now(CLOCK_MONOTONIC);
	CHECK_EQ(clock_nanosleep(CLOCK_REALTIME, 0, &ts, &rem), 0);
	CHECK_OK(nanosleep(&ts, &rem));
	t1 = now(CLOCK_MONOTONIC);
	CHECK(t1 - t0 >= 60000000LL);
	CHECK(rem.tv_sec == 77 && rem.tv_nsec == 77);

	/* Errors (clock_nanosleep returns the error number). */
	ts.tv_nsec = 1000000000L;
	CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL), EINVAL);
	CHECK_ERR(nanosleep(&ts, NULL), EINVAL);
	ts.tv_nsec = -1;
	CHECK_ERR(nanosleep(&ts, NULL), EINVAL);
	ts.tv_sec = -1;
	ts.tv_nsec = 0;
	CHECK_ERR(nanosleep(&ts, NULL), EINVAL);
	ts.tv_sec = 0;
	/* Clocks without sleeping: EOPNOTSUPP; unknown ones EINVAL. */
	CHECK_ERR(syscall(SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, &ts, NULL), EOPNOTSUPP);
	CHECK_ERR(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC_RAW, 0, &ts, NULL), EOPNOTSUPP);
	CHECK_ERR(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC_COARSE, 0, &ts, NULL), EOPNOTSUPP);
	CHECK_ERR(syscall(SYS_clock_nanosleep, 1000, 0, &ts, NULL), EINVAL);
	CHECK_ERR(syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, UTEST_BAD_PTR, NULL), EFAULT);

	/* On the process CPU clock, absolute, already reached: at once. */
	ts.tv_sec = 0;
	ts.tv_nsec = 1;
	CHECK_EQ(clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, TIMER_ABSTIME, &ts, NULL), 0);
	utest_pass();
}
