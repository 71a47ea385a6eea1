/* PR_SET_DUMPABLE takes 0 or 1 (2 and others are EINVAL), is inherited by
 * fork and reset to 1 by execve. PR_SET_NO_NEW_PRIVS takes exactly
 * (1, 0, 0, 0), cannot be undone and is inherited; PR_GET_NO_NEW_PRIVS
 * wants zero arguments. An unknown option is EINVAL. */
#include "utest.h"
#include <sys/prctl.h>

#ifndef PR_SET_NO_NEW_PRIVS
#define PR_SET_NO_NEW_PRIVS 38
#define PR_GET_NO_NEW_PRIVS 39
#endif

int main(int argc, char **argv)
{
	pid_t pid;

	if (argc > 1 && !strcmp(argv[1], "report"))
		return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);	/* after execve */
	utest_begin(argc, argv);
	CHECK_EQ(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1);
	CHECK_ERR(prctl(PR_SET_DUMPABLE, 2, 0, 0, 0), EINVAL);
	CHECK_ERR(prctl(PR_SET_DUMPABLE, 3, 0, 0, 0), EINVAL);
	CHECK_OK(prctl(PR_SET_DUMPABLE, 0, 0, 0, 0));
	CHECK_EQ(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
	pid = utest_fork();
	if (pid == 0)
		_exit(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0 ? 0 : 1);
	CHECK_CHILD_EXIT(pid, 0);
	pid = utest_fork();
	if (pid == 0) {
		execl(utest_self(), utest_self(), "report", (char *)NULL);
		_exit(99);
	}
	CHECK_CHILD_EXIT(pid, 1);	/* execve made it dumpable again */
	CHECK_OK(prctl(PR_SET_DUMPABLE, 1, 0, 0, 0));
	CHECK_EQ(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1);

	pid = utest_fork();
	if (pid == 0) {
		pid_t grandchild;

		CHECK_ERR(prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0), EINVAL);
		CHECK_ERR(prctl(PR_SET_NO_NEW_PRIVS, 2, 0, 0, 0), EINVAL);
		CHECK_ERR(prctl(PR_SET_NO_NEW_PRIVS, 1, 1, 0, 0), EINVAL);
		CHECK_ERR(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 1), EINVAL);
		CHECK_ERR(prctl(PR_GET_NO_NEW_PRIVS, 1, 0, 0, 0), EINVAL);
		CHECK_OK(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
		CHECK_EQ(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0), 1);
		CHECK_ERR(prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0), EINVAL);
		grandchild = utest_fork();
		if (grandchild == 0)
			_exit(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1 ? 0 : 1);
		CHECK_CHILD_EXIT(grandchild, 0);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	CHECK_ERR(prctl(0x7fff1234, 0, 0, 0, 0), EINVAL);
	utest_pass();
}
