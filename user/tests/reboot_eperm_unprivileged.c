/* reboot by a process without privilege fails with EPERM, before its magic
 * numbers are even looked at. (The call made here carries a wrong magic,
 * so it could never reboot anything.) */
#include "utest.h"

int main(int argc, char **argv)
{
	pid_t pid;

	utest_begin(argc, argv);
	pid = utest_fork();
	if (pid == 0) {
		CHECK_EQ(setuid(65534), 0);
		CHECK_ERR(syscall(SYS_reboot, 0, 0, 0, NULL), EPERM);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
