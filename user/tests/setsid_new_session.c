/* setsid in a process that leads no group makes a new session and group,
 * both named by its pid; calling it again fails with EPERM. */
#include "utest.h"

int main(int argc, char **argv)
{
	int ready[2], go[2];
	pid_t pid;
	char c;

	utest_begin(argc, argv);
	CHECK_OK(pipe(ready));
	CHECK_OK(pipe(go));
	pid = utest_fork();
	if (pid == 0) {
		pid_t me = getpid();

		CHECK_EQ(getsid(0), getsid(getppid()));
		CHECK_EQ(setsid(), me);
		CHECK_EQ(getsid(0), me);
		CHECK_EQ(getpgid(0), me);
		CHECK_ERR(setsid(), EPERM);
		CHECK_EQ(write(ready[1], "r", 1), 1);
		CHECK_EQ(read(go[0], &c, 1), 1);
		_exit(0);
	}
	CHECK_EQ(read(ready[0], &c, 1), 1);
	CHECK_EQ(getsid(pid), pid);
	CHECK_EQ(getpgid(pid), pid);
	CHECK_NE(getsid(0), pid);
	CHECK_EQ(write(go[1], "g", 1), 1);
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
