/* sched_setscheduler/sched_getscheduler/sched_getparam/sched_setparam:
 * SCHED_OTHER, SCHED_BATCH and SCHED_IDLE take priority 0 and anyone may
 * choose them; SCHED_FIFO and SCHED_RR take 1..99 and need privilege
 * (EPERM otherwise); SCHED_RESET_ON_FORK shows in the policy, is cleared
 * in fork children and puts real-time ones back to SCHED_OTHER. Bad
 * arguments are EINVAL, unknown pids ESRCH, bad pointers EFAULT. */
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

static int getprio(pid_t pid)
{
	struct sched_param sp = { .sched_priority = -1 };

	if (syscall(SYS_sched_getparam, pid, &sp))
		return -1;
	return sp.sched_priority;
}

int main(int argc, char **argv)
{
	struct sched_param sp = { 0 };
	pid_t pid;

	utest_begin(argc, argv);
	CHECK_EQ(syscall(SYS_sched_getscheduler, 0), SCHED_OTHER);
	CHECK_EQ(syscall(SYS_sched_getscheduler, getpid()), SCHED_OTHER);
	CHECK_EQ(getprio(0), 0);
	CHECK_ERR(syscall(SYS_sched_getscheduler, -1), EINVAL);
	CHECK_ERR(syscall(SYS_sched_getscheduler, 0x3fffffff), ESRCH);
	CHECK_ERR(syscall(SYS_sched_getparam, 0, NULL), EINVAL);
	CHECK_ERR(syscall(SYS_sched_getparam, -1, &sp), EINVAL);
	CHECK_ERR(syscall(SYS_sched_getparam, 0x3fffffff, &sp), ESRCH);
	CHECK_ERR(syscall(SYS_sched_getparam, 0, UTEST_BAD_PTR), EFAULT);
	CHECK_ERR(syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, NULL), EINVAL);
	CHECK_ERR(syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, UTEST_BAD_PTR), EFAULT);
	CHECK_ERR(setsched(-1, SCHED_OTHER, 0), EINVAL);
	CHECK_ERR(setsched(0, -1, 0), EINVAL);
	CHECK_ERR(setsched(0, 4, 0), EINVAL);	/* no policy 4 */
	CHECK_ERR(setsched(0, 42, 0), EINVAL);
	CHECK_ERR(setsched(0, SCHED_OTHER, 1), EINVAL);	/* not a real-time policy */
	CHECK_ERR(setsched(0, SCHED_FIFO, 0), EINVAL);	/* real-time needs 1..99 */
	CHECK_ERR(setsched(0, SCHED_RR, 100), EINVAL);
	CHECK_ERR(setsched(0x3fffffff, SCHED_OTHER, 0), ESRCH);

	pid = utest_fork();
	if (pid == 0) {
		pid_t grandchild;

		CHECK_OK(setsched(0, SCHED_BATCH, 0));
		CHECK_EQ(syscall(SYS_sched_getscheduler, 0), SCHED_BATCH);
		CHECK_OK(setsched(0, SCHED_OTHER, 0));
		CHECK_OK(setsched(0, SCHED_BATCH | SCHED_RESET_ON_FORK, 0));
		CHECK_EQ(syscall(SYS_sched_getscheduler, 0), SCHED_BATCH | SCHED_RESET_ON_FORK);
		grandchild = utest_fork();
		if (grandchild == 0)	/* only real-time policies are reset; the flag is */
			_exit(syscall(SYS_sched_getscheduler, 0) == SCHED_BATCH ? 0 : 1);
		CHECK_CHILD_EXIT(grandchild, 0);
		/* sched_setparam keeps the policy and its reset flag. */
		sp.sched_priority = 0;
		CHECK_OK(syscall(SYS_sched_setparam, 0, &sp));
		CHECK_EQ(syscall(SYS_sched_getscheduler, 0), SCHED_BATCH | SCHED_RESET_ON_FORK);
		sp.sched_priority = 5;
		CHECK_ERR(syscall(SYS_sched_setparam, 0, &sp), EINVAL);
		CHECK_ERR(syscall(SYS_sched_setparam, 0, NULL), EINVAL);

		if (utest_system_root()) {
			CHECK_OK(setsched(0, SCHED_FIFO, 10));
			CHECK_EQ(syscall(SYS_sched_getscheduler, 0), SCHED_FIFO);
			CHECK_EQ(getprio(0), 10);
			sp.sched_priority = 20;
			CHECK_OK(syscall(SYS_sched_setparam, 0, &sp));
			CHECK_EQ(getprio(0), 20);
			sp.sched_priority = 0;
			CHECK_ERR(syscall(SYS_sched_setparam, 0, &sp), EINVAL);
			grandchild = utest_fork();
			if (grandchild == 0)	/* without the reset flag: inherited */
				_exit(syscall(SYS_sched_getscheduler, 0) == SCHED_FIFO &&
				      getprio(0) == 20 ? 0 : 1);
			CHECK_CHILD_EXIT(grandchild, 0);
			CHECK_OK(setsched(0, SCHED_RR | SCHED_RESET_ON_FORK, 99));
			CHECK_EQ(syscall(SYS_sched_getscheduler, 0), SCHED_RR | SCHED_RESET_ON_FORK);
			grandchild = utest_fork();
			if (grandchild == 0)	/* reset on fork: real-time becomes SCHED_OTHER */
				_exit(syscall(SYS_sched_getscheduler, 0) == SCHED_OTHER &&
				      getprio(0) == 0 ? 0 : 1);
			CHECK_CHILD_EXIT(grandchild, 0);
			CHECK_OK(setsched(0, SCHED_OTHER, 0));
			CHECK_EQ(getprio(0), 0);
		} else {
			CHECK_ERR(setsched(0, SCHED_FIFO, 10), EPERM);
			CHECK_ERR(setsched(0, SCHED_OTHER, 0), EPERM);	/* drops the reset flag */
		}
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
