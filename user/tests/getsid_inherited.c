/* A child inherits its parent's session; getsid(0) is the caller's own;
 * getsid of a pid that does not exist is ESRCH. */
#include "utest.h"

int main(int argc, char **argv)
{
	int ready[2], go[2];
	pid_t pid, sid;
	char c;

	utest_begin(argc, argv);
	sid = CHECK_OK(getsid(0));
	CHECK(sid > 0);
	CHECK_EQ(getsid(getpid()), sid);
	CHECK_OK(pipe(ready));
	CHECK_OK(pipe(go));
	pid = utest_fork();
	if (pid == 0) {
		CHECK_EQ(getsid(0), sid);
		CHECK_EQ(write(ready[1], "r", 1), 1);
		CHECK_EQ(read(go[0], &c, 1), 1);
		_exit(0);
	}
	CHECK_EQ(read(ready[0], &c, 1), 1);
	CHECK_EQ(getsid(pid), sid);
	CHECK_EQ(write(go[1], "g", 1), 1);
	CHECK_CHILD_EXIT(pid, 0);
	CHECK_ERR(getsid(pid), ESRCH);
	utest_pass();
}
