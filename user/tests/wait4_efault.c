/* wait4 with an unwritable status pointer fails with EFAULT; the child is
 * reaped all the same. */
#include "utest.h"

int main(int argc, char **argv)
{
	pid_t pid;

	utest_begin(argc, argv);
	pid = utest_fork();
	if (pid == 0)
		_exit(5);
	CHECK_ERR(syscall(SYS_wait4, pid, UTEST_BAD_PTR, 0, NULL), EFAULT);
	CHECK_ERR(syscall(SYS_wait4, pid, NULL, 0, NULL), ECHILD);
	utest_pass();
}
