/* wait4 rejects unknown option bits with EINVAL. */
#include "utest.h"

int main(int argc, char **argv)
{
	int st;
	pid_t pid;

	utest_begin(argc, argv);
	pid = utest_fork();
	if (pid == 0)
		_exit(0);
	CHECK_ERR(syscall(SYS_wait4, pid, &st, 0x100, NULL), EINVAL);
	CHECK_ERR(syscall(SYS_wait4, pid, &st, 0x10000, NULL), EINVAL);
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
