/* Setting the clocks: only CLOCK_REALTIME can be set, only by root;
 * invalid values give EINVAL before the permission check. (Root is not
 * tested: the oracle runs in a user namespace, without CAP_SYS_TIME.) */
#include "utest.h"
#include <sys/time.h>
#include <time.h>

int main(int argc, char **argv)
{
	struct timespec ts;
	struct timeval tv;
	clockid_t cid;
	pid_t pid;

	utest_begin(argc, argv);
	CHECK_OK(clock_gettime(CLOCK_REALTIME, &ts));
	/* Clocks that cannot be set at all. */
	CHECK_ERR(syscall(SYS_clock_settime, CLOCK_MONOTONIC, &ts), EINVAL);
	CHECK_ERR(syscall(SYS_clock_settime, CLOCK_BOOTTIME, &ts), EINVAL);
	CHECK_ERR(syscall(SYS_clock_settime, CLOCK_MONOTONIC_RAW, &ts), EINVAL);
	CHECK_ERR(syscall(SYS_clock_settime, 1000, &ts), EINVAL);
	pid = utest_fork();
	if (pid == 0) {
		CHECK_OK(setuid(65534));
		CHECK_OK(clock_gettime(CLOCK_REALTIME, &ts));
		CHECK_ERR(syscall(SYS_clock_settime, CLOCK_REALTIME, &ts), EPERM);
		gettimeofday(&tv, NULL);
		CHECK_ERR(syscall(SYS_settimeofday, &tv, NULL), EPERM);
		/* Invalid values come first. */
		ts.tv_nsec = 1000000000L;
		CHECK_ERR(syscall(SYS_clock_settime, CLOCK_REALTIME, &ts), EINVAL);
		ts.tv_nsec = -1;
		CHECK_ERR(syscall(SYS_clock_settime, CLOCK_REALTIME, &ts), EINVAL);
		tv.tv_usec = 1000000;
		CHECK_ERR(syscall(SYS_settimeofday, &tv, NULL), EINVAL);
		CHECK_ERR(syscall(SYS_clock_settime, CLOCK_REALTIME, UTEST_BAD_PTR), EFAULT);
		/* CPU clocks cannot be set: the named ones are not settable
		 * clocks at all, the encoded ones refuse. */
		ts.tv_nsec = 0;
		CHECK_ERR(syscall(SYS_clock_settime, CLOCK_PROCESS_CPUTIME_ID, &ts), EINVAL);
		CHECK_EQ(clock_getcpuclockid(getpid(), &cid), 0);
		CHECK_ERR(syscall(SYS_clock_settime, cid, &ts), EPERM);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	/* The clock is still sane. */
	CHECK_OK(gettimeofday(&tv, NULL));
	CHECK(llabs((long long)tv.tv_sec - (long long)ts.tv_sec) <= 2);
	utest_pass();
}
