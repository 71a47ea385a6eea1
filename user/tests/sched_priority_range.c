/* sched_get_priority_max/min: 1..99 for SCHED_FIFO and SCHED_RR, 0..0 for
 * SCHED_OTHER, SCHED_BATCH and SCHED_IDLE, EINVAL for unknown policies.
 * sched_rr_get_interval gives a time slice for the caller (0 for
 * SCHED_FIFO), EINVAL for a negative pid, ESRCH for an unknown one and
 * EFAULT for a bad pointer. */
#include "utest.h"
#include <time.h>

#ifndef SCHED_BATCH
#define SCHED_BATCH 3
#endif
#ifndef SCHED_IDLE
#define SCHED_IDLE 5
#endif

int main(int argc, char **argv)
{
	struct timespec ts;
	static const int zero_policies[] = { SCHED_OTHER, SCHED_BATCH, SCHED_IDLE };

	utest_begin(argc, argv);
	CHECK_EQ(syscall(SYS_sched_get_priority_max, SCHED_FIFO), 99);
	CHECK_EQ(syscall(SYS_sched_get_priority_min, SCHED_FIFO), 1);
	CHECK_EQ(syscall(SYS_sched_get_priority_max, SCHED_RR), 99);
	CHECK_EQ(syscall(SYS_sched_get_priority_min, SCHED_RR), 1);
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(syscall(SYS_sched_get_priority_max, zero_policies[i]), 0);
		CHECK_EQ(syscall(SYS_sched_get_priority_min, zero_policies[i]), 0);
	}
	CHECK_ERR(syscall(SYS_sched_get_priority_max, 4), EINVAL);
	CHECK_ERR(syscall(SYS_sched_get_priority_min, -1), EINVAL);
	CHECK_ERR(syscall(SYS_sched_get_priority_max, 1000), EINVAL);

	ts.tv_sec = -1;
	ts.tv_nsec = -1;
	CHECK_OK(syscall(SYS_sched_rr_get_interval, 0, &ts));
	CHECK(ts.tv_sec == 0 && ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000);
	CHECK_OK(syscall(SYS_sched_rr_get_interval, getpid(), &ts));
	CHECK_ERR(syscall(SYS_sched_rr_get_interval, -1, &ts), EINVAL);
	CHECK_ERR(syscall(SYS_sched_rr_get_interval, 0x3fffffff, &ts), ESRCH);
	CHECK_ERR(syscall(SYS_sched_rr_get_interval, 0, UTEST_BAD_PTR), EFAULT);
	if (utest_system_root()) {
		pid_t pid = utest_fork();

		if (pid == 0) {
			struct sched_param sp = { .sched_priority = 1 };

			CHECK_OK(syscall(SYS_sched_setscheduler, 0, SCHED_FIFO, &sp));
			CHECK_OK(syscall(SYS_sched_rr_get_interval, 0, &ts));
			CHECK(ts.tv_sec == 0 && ts.tv_nsec == 0);
			CHECK_OK(syscall(SYS_sched_setscheduler, 0, SCHED_RR, &sp));
			CHECK_OK(syscall(SYS_sched_rr_get_interval, 0, &ts));
			CHECK(ts.tv_sec > 0 || ts.tv_nsec > 0);
			_exit(0);
		}
		CHECK_CHILD_EXIT(pid, 0);
	}
	utest_pass();
}
