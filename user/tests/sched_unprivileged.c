/* The scheduling rules for an ordinary user: SCHED_IDLE may be entered but
 * not left (that is like lowering nice, and RLIMIT_NICE is 0), real-time
 * policies are EPERM, the reset-on-fork flag cannot be dropped, and other
 * users' processes cannot be changed. */
#include "utest.h"

#ifndef SCHED_BATCH
#define SCHED_BATCH 3
#endif
#ifndef SCHED_IDLE
#define SCHED_IDLE 5
#endif
#ifndef SCHED_RESET_ON_FORK
#define SCHED_RESET_ON_FORK 0x40000000
#endif

static long setsched(pid_t pid, int policy, int prio)
{
	struct sched_param sp = { .sched_priority = prio };

	return syscall(SYS_sched_setscheduler, pid, policy, &sp);
}

int main(int argc, char **argv)
{
	pid_t pid, root_child;
	int hold[2];

	utest_begin(argc, argv);
	CHECK_OK(pipe(hold));
	root_child = utest_fork();
	if (root_child == 0) {
		char c;

		close(hold[1]);
		_exit(read(hold[0], &c, 1) == 0 ? 0 : 1);
	}
	pid = utest_fork();
	if (pid == 0) {
		CHECK_OK(setuid(65534));
		CHECK_ERR(setsched(0, SCHED_FIFO, 1), EPERM);
		CHECK_ERR(setsched(0, SCHED_RR, 1), EPERM);
		CHECK_ERR(setsched(root_child, SCHED_BATCH, 0), EPERM);
		CHECK_EQ(syscall(SYS_sched_getscheduler, root_child), SCHED_OTHER);
		CHECK_OK(setsched(0, SCHED_BATCH | SCHED_RESET_ON_FORK, 0));
		CHECK_ERR(setsched(0, SCHED_BATCH, 0), EPERM);
		CHECK_OK(setsched(0, SCHED_OTHER | SCHED_RESET_ON_FORK, 0));
		CHECK_OK(setsched(0, SCHED_IDLE | SCHED_RESET_ON_FORK, 0));
		CHECK_EQ(syscall(SYS_sched_getscheduler, 0), SCHED_IDLE | SCHED_RESET_ON_FORK);
		CHECK_ERR(setsched(0, SCHED_OTHER | SCHED_RESET_ON_FORK, 0), EPERM);
		CHECK_ERR(setsched(0, SCHED_BATCH | SCHED_RESET_ON_FORK, 0), EPERM);
		CHECK_OK(setsched(0, SCHED_IDLE | SCHED_RESET_ON_FORK, 0));
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	close(hold[1]);
	CHECK_CHILD_EXIT(root_child, 0);
	utest_pass();
}
