/* getpriority/setpriority: the raw call returns 20 - nice (1..40), values
 * are clamped to -20..19, fork children inherit the nice value, a process
 * group can be set at once, a thread can be named by its tid, and
 * lowering nice needs privilege (EACCES). Bad "which" is EINVAL, unknown
 * targets ESRCH. */
#include "utest.h"
#include <pthread.h>

/* The raw system call: no libc conversion of 20 - nice. */
static long raw_getpriority(int which, int who)
{
	return syscall(SYS_getpriority, which, who);
}

/* A thread raises the nice value it is named by (its tid) and reads it
 * back; out: the raw getpriority result, or -errno. */
static void *nice_by_tid(void *arg)
{
	long *out = arg;
	pid_t tid = (pid_t)syscall(SYS_gettid);

	if (setpriority(PRIO_PROCESS, tid, 7))
		*out = -errno;
	else
		*out = syscall(SYS_getpriority, PRIO_PROCESS, tid);
	return NULL;
}

int main(int argc, char **argv)
{
	pid_t pid;
	int hold[2];

	utest_begin(argc, argv);
	CHECK_ERR(raw_getpriority(3, 0), EINVAL);
	CHECK_ERR(setpriority(3, 0, 0), EINVAL);
	CHECK_ERR(raw_getpriority(-1, 0), EINVAL);
	CHECK_ERR(raw_getpriority(PRIO_PROCESS, 0x3fffffff), ESRCH);
	CHECK_ERR(setpriority(PRIO_PROCESS, 0x3fffffff, 0), ESRCH);
	CHECK_ERR(raw_getpriority(PRIO_PGRP, 0x3fffffff), ESRCH);

	pid = utest_fork();
	if (pid == 0) {
		long base = raw_getpriority(PRIO_PROCESS, 0);
		pid_t grandchild;

		CHECK(base >= 1 && base <= 40);
		CHECK_OK(setpriority(PRIO_PROCESS, 0, 5));
		CHECK_EQ(raw_getpriority(PRIO_PROCESS, 0), 15);
		CHECK_EQ(raw_getpriority(PRIO_PROCESS, getpid()), 15);
		errno = 0;
		CHECK_EQ(getpriority(PRIO_PROCESS, 0), 5);
		CHECK_EQ(errno, 0);
		CHECK_OK(setpriority(PRIO_PROCESS, 0, 100));	/* clamped to 19 */
		CHECK_EQ(raw_getpriority(PRIO_PROCESS, 0), 1);
		grandchild = utest_fork();
		if (grandchild == 0)
			_exit(raw_getpriority(PRIO_PROCESS, 0) == 1 ? 0 : 1);
		CHECK_CHILD_EXIT(grandchild, 0);
		/* A group of its own: PRIO_PGRP reaches every member. */
		CHECK_OK(setpgid(0, 0));
		CHECK_OK(pipe(hold));	/* the helper lives until the write end closes */
		grandchild = utest_fork();
		if (grandchild == 0) {
			char c;

			close(hold[1]);
			_exit(read(hold[0], &c, 1) == 0 ? 0 : 1);
		}
		CHECK_OK(setpriority(PRIO_PGRP, 0, 19));
		CHECK_EQ(raw_getpriority(PRIO_PGRP, getpgrp()), 1);
		CHECK_EQ(raw_getpriority(PRIO_PROCESS, grandchild), 1);
		/* Lowering nice: root's right only (RLIMIT_NICE is 0). */
		if (utest_system_root()) {
			CHECK_OK(setpriority(PRIO_PROCESS, grandchild, -3));
			CHECK_EQ(raw_getpriority(PRIO_PROCESS, grandchild), 23);
			/* The highest priority in the group is reported. */
			CHECK_EQ(raw_getpriority(PRIO_PGRP, 0), 23);
			CHECK_OK(setpriority(PRIO_PROCESS, grandchild, -100));
			CHECK_EQ(raw_getpriority(PRIO_PROCESS, grandchild), 40);
		} else {
			CHECK_ERR(setpriority(PRIO_PROCESS, grandchild, -3), EACCES);
		}
		close(hold[1]);
		CHECK_CHILD_EXIT(grandchild, 0);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);

	pid = utest_fork();
	if (pid == 0) {
		pthread_t t;
		long got = 0;

		CHECK_EQ(pthread_create(&t, NULL, nice_by_tid, &got), 0);
		CHECK_EQ(pthread_join(t, NULL), 0);
		CHECK_EQ(got, 13);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
