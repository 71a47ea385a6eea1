/* With setresuid a process can give up its effective uid while keeping a
 * saved uid of 0 and later return to it; once the saved uid is gone too,
 * becoming root again is EPERM. */
#include "utest.h"

int main(int argc, char **argv)
{
	pid_t pid;

	utest_begin(argc, argv);
	if (geteuid() != 0)
		utest_fail(__FILE__, __LINE__, 0, "test needs to start as root");
	pid = utest_fork();
	if (pid == 0) {
		uid_t r, e, s;

		CHECK_EQ(syscall(SYS_setresuid, 1000, 1000, 0), 0);
		CHECK_OK(getresuid(&r, &e, &s));
		CHECK_EQ(r, 1000);
		CHECK_EQ(e, 1000);
		CHECK_EQ(s, 0);
		CHECK_EQ(syscall(SYS_setresuid, -1, 0, -1), 0);
		CHECK_EQ(geteuid(), 0);
		CHECK_EQ(getuid(), 1000);
		CHECK_EQ(syscall(SYS_setresuid, 1000, 1000, 1000), 0);
		CHECK_ERR(syscall(SYS_setresuid, -1, 0, -1), EPERM);
		CHECK_ERR(syscall(SYS_setresuid, 2000, -1, -1), EPERM);
		CHECK_EQ(geteuid(), 1000);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
