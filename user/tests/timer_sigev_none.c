/* POSIX timers with SIGEV_NONE: timer_gettime counts down, a periodic one
 * keeps reporting time to its next expiry, timer_settime hands back the
 * old setting, deleted timers are gone; a CPU-clock timer counts CPU time. */
#include "utest.h"
#include <time.h>

#ifndef sigev_notify_thread_id	/* glibc before 2.35 */
#define sigev_notify_thread_id _sigev_un._tid
#endif

static long long ts_ns(struct timespec ts)
{
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	struct sigevent sev;
	struct itimerspec its, cur, old;
	timer_t t, tc;
	struct timespec c0, c1;

	utest_begin(argc, argv);
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_NONE;
	CHECK_OK(timer_create(CLOCK_MONOTONIC, &sev, &t));
	CHECK_OK(timer_gettime(t, &cur));
	CHECK(ts_ns(cur.it_value) == 0 && ts_ns(cur.it_interval) == 0);
	memset(&its, 0, sizeof(its));
	its.it_value.tv_sec = 3;
	CHECK_OK(timer_settime(t, 0, &its, &old));
	CHECK(ts_ns(old.it_value) == 0);
	usleep(50000);
	CHECK_OK(timer_gettime(t, &cur));
	CHECK_MSG(ts_ns(cur.it_value) > 2000000000LL && ts_ns(cur.it_value) <= 2950000000LL,
		  "left %lld", ts_ns(cur.it_value));
	CHECK_EQ(timer_getoverrun(t), 0);

	/* Periodic, 20 ms: after 110 ms it still has at most 20 ms to go. */
	its.it_value.tv_sec = 0;
	its.it_value.tv_nsec = 20000000L;
	its.it_interval.tv_nsec = 20000000L;
	CHECK_OK(timer_settime(t, 0, &its, &old));
	CHECK(ts_ns(old.it_value) > 2000000000LL);
	usleep(110000);
	CHECK_OK(timer_gettime(t, &cur));
	CHECK(ts_ns(cur.it_value) > 0 && ts_ns(cur.it_value) <= 20000000LL);
	CHECK_EQ(ts_ns(cur.it_interval), 20000000LL);

	/* One shot, expired: zero. */
	memset(&its, 0, sizeof(its));
	its.it_value.tv_nsec = 10000000L;
	CHECK_OK(timer_settime(t, 0, &its, NULL));
	usleep(30000);
	CHECK_OK(timer_gettime(t, &cur));
	CHECK_EQ(ts_ns(cur.it_value), 0);

	/* Absolute, on the wall clock. */
	CHECK_OK(timer_delete(t));
	CHECK_ERR(timer_gettime(t, &cur), EINVAL);
	CHECK_OK(timer_create(CLOCK_REALTIME, &sev, &t));
	CHECK_OK(clock_gettime(CLOCK_REALTIME, &c0));
	its.it_value.tv_sec = c0.tv_sec + 4;
	its.it_value.tv_nsec = 0;
	CHECK_OK(timer_settime(t, TIMER_ABSTIME, &its, NULL));
	CHECK_OK(timer_gettime(t, &cur));
	CHECK(ts_ns(cur.it_value) > 2900000000LL && ts_ns(cur.it_value) <= 4000000000LL);
	CHECK_OK(timer_delete(t));

	/* On the process CPU clock: counts down only as we burn CPU. */
	CHECK_OK(timer_create(CLOCK_PROCESS_CPUTIME_ID, &sev, &tc));
	its.it_value.tv_sec = 5;
	CHECK_OK(timer_settime(tc, 0, &its, NULL));
	CHECK_OK(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0));
	do
		CHECK_OK(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1));
	while (ts_ns(c1) - ts_ns(c0) < 100000000LL);
	CHECK_OK(timer_gettime(tc, &cur));
	CHECK_MSG(ts_ns(cur.it_value) <= 4900000000LL && ts_ns(cur.it_value) > 3000000000LL,
		  "left %lld", ts_ns(cur.it_value));
	CHECK_OK(timer_delete(tc));

	/* Errors. */
	CHECK_ERR(syscall(SYS_timer_create, CLOCK_MONOTONIC_RAW, &sev, &t), EOPNOTSUPP);
	CHECK_ERR(syscall(SYS_timer_create, CLOCK_REALTIME_COARSE, &sev, &t), EOPNOTSUPP);
	CHECK_ERR(syscall(SYS_timer_create, 1000, &sev, &t), EINVAL);
	sev.sigev_notify = 99;
	CHECK_ERR(syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &t), EINVAL);
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = 0;
	CHECK_ERR(syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &t), EINVAL);
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = SIGUSR1;
	sev.sigev_notify_thread_id = 999999;
	CHECK_ERR(syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &t), EINVAL);
	CHECK_ERR(syscall(SYS_timer_create, CLOCK_MONOTONIC, UTEST_BAD_PTR, &t), EFAULT);
	CHECK_ERR(syscall(SYS_timer_delete, 12345), EINVAL);
	CHECK_ERR(syscall(SYS_timer_getoverrun, 12345), EINVAL);
	utest_pass();
}
