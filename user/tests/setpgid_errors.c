/* setpgid errors: a negative pgid is EINVAL, an unknown pid ESRCH, joining a
 * group that does not exist in the session EPERM, and a session leader may
 * not change its group (EPERM). getpgid of an unknown pid is ESRCH. */
#include "utest.h"

int main(int argc, char **argv)
{
	pid_t dead;

	utest_begin(argc, argv);
	dead = utest_fork();
	if (dead == 0)
		_exit(0);
	CHECK_CHILD_EXIT(dead, 0);

	CHECK_ERR(setpgid(0, -1), EINVAL);
	CHECK_ERR(setpgid(dead, 0), ESRCH);
	CHECK_ERR(getpgid(dead), ESRCH);
	CHECK_ERR(setpgid(0, dead), EPERM);

	pid_t pid = utest_fork();
	if (pid == 0) {
		CHECK_EQ(setsid(), getpid());
		CHECK_ERR(setpgid(0, 0), EPERM);
		CHECK_EQ(getpgid(0), getpid());
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
