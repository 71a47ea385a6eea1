/* clone3 with only an exit signal acts as fork: 0 in the child, the pid in
 * the parent, which CLONE_PARENT_SETTID also stores at parent_tid. */
#include "utest.h"

/* struct clone_args as of Linux 5.5 (CLONE_ARGS_SIZE_VER1). */
struct utest_clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls, set_tid, set_tid_size;
};

int main(int argc, char **argv)
{
	struct utest_clone_args ca;
	volatile pid_t ptid = -1;
	pid_t parent = getpid();
	long pid;

	utest_begin(argc, argv);
	memset(&ca, 0, sizeof(ca));
	ca.flags = CLONE_PARENT_SETTID;
	ca.parent_tid = (uintptr_t)&ptid;
	ca.exit_signal = SIGCHLD;
	pid = syscall(SYS_clone3, &ca, 64);
	if (pid == 0)
		_exit(syscall(SYS_getppid) == parent ? 4 : 1);
	CHECK(pid > 0);
	CHECK_EQ(ptid, pid);
	CHECK_CHILD_EXIT(pid, 4);

	/* The larger version 1 layout is accepted as well. */
	memset(&ca, 0, sizeof(ca));
	ca.exit_signal = SIGCHLD;
	pid = syscall(SYS_clone3, &ca, sizeof(ca));
	if (pid == 0)
		_exit(6);
	CHECK(pid > 0);
	CHECK_CHILD_EXIT(pid, 6);
	utest_pass();
}
