/* set_tid_address returns the caller's thread id, in the first process
 * and in a forked child alike. */
#include "utest.h"

int main(int argc, char **argv)
{
	static int word;
	pid_t pid;

	utest_begin(argc, argv);
	CHECK_EQ(syscall(SYS_set_tid_address, &word), syscall(SYS_gettid));
	CHECK_EQ(syscall(SYS_gettid), getpid());
	pid = utest_fork();
	if (pid == 0) {
		CHECK_EQ(syscall(SYS_set_tid_address, &word), getpid());
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
