/* setpgid(0, 0) makes the caller the leader of a new process group, seen by
 * getpgid from itself and from its parent; a child starts in its parent's
 * group and the parent may move it. */
#include "utest.h"

int main(int argc, char **argv)
{
	int go[2], ready[2];
	pid_t pid, other;
	char c;

	utest_begin(argc, argv);
	CHECK_EQ(getpgid(0), getpgrp());
	CHECK_EQ(getpgid(0), getpgid(getpid()));
	CHECK_OK(pipe(go));
	CHECK_OK(pipe(ready));
	pid = utest_fork();
	if (pid == 0) {
		CHECK_EQ(getpgid(0), getpgid(getppid()));
		CHECK_EQ(setpgid(0, 0), 0);
		CHECK_EQ(getpgid(0), getpid());
		CHECK_EQ(getpgrp(), getpid());
		CHECK_EQ(write(ready[1], "r", 1), 1);
		CHECK_EQ(read(go[0], &c, 1), 1);
		_exit(0);
	}
	CHECK_EQ(read(ready[0], &c, 1), 1);
	CHECK_EQ(getpgid(pid), pid);
	CHECK_NE(getpgid(0), pid);

	/* The parent moves a second child into the first child's group. */
	other = utest_fork();
	if (other == 0) {
		CHECK_EQ(read(go[0], &c, 1), 1);
		_exit(0);
	}
	CHECK_EQ(setpgid(other, pid), 0);
	CHECK_EQ(getpgid(other), pid);
	CHECK_EQ(write(go[1], "gg", 2), 2);
	CHECK_CHILD_EXIT(pid, 0);
	CHECK_CHILD_EXIT(other, 0);
	utest_pass();
}
