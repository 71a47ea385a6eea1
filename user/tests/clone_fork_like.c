/* The raw clone system call with only an exit signal and no stack acts
 * as fork; CLONE_CHILD_SETTID stores the child's pid in the child's memory
 * (not in the parent's). */
#include "utest.h"

static long raw_clone(unsigned long flags, volatile pid_t *ctid)
{
#if defined(__x86_64__)
	return syscall(SYS_clone, flags, NULL, NULL, ctid, NULL);
#else /* riscv64 and most others: flags, stack, parent_tid, tls, child_tid */
	return syscall(SYS_clone, flags, NULL, NULL, NULL, ctid);
#endif
}

int main(int argc, char **argv)
{
	volatile pid_t ctid = -1;
	pid_t parent = getpid();
	long pid;

	utest_begin(argc, argv);
	pid = raw_clone(SIGCHLD | CLONE_CHILD_SETTID, &ctid);
	if (pid == 0) {
		pid_t me = syscall(SYS_getpid);

		if (me == parent || syscall(SYS_getppid) != parent)
			_exit(1);
		if (ctid != me)
			_exit(2);
		_exit(9);
	}
	CHECK(pid > 0);
	CHECK_EQ(ctid, -1);
	CHECK_CHILD_EXIT(pid, 9);

	pid = raw_clone(SIGCHLD, NULL);
	if (pid == 0)
		_exit(10);
	CHECK(pid > 0);
	CHECK_CHILD_EXIT(pid, 10);
	utest_pass();
}
