/* fork returns the child's pid in the parent and 0 in the child, whose
 * getppid() is the parent and whose pid is new. */
#include "utest.h"

int main(int argc, char **argv)
{
	int fds[2];
	pid_t parent, child, seen = 0;

	utest_begin(argc, argv);
	parent = getpid();
	CHECK_OK(pipe(fds));
	child = utest_fork();
	if (child == 0) {
		pid_t me = getpid();

		CHECK_EQ(getppid(), parent);
		CHECK_NE(me, parent);
		CHECK_EQ(write(fds[1], &me, sizeof(me)), sizeof(me));
		_exit(0);
	}
	CHECK(child > 0);
	CHECK_NE(child, parent);
	CHECK_EQ(read(fds[0], &seen, sizeof(seen)), sizeof(seen));
	CHECK_EQ(seen, child);
	CHECK_CHILD_EXIT(child, 0);
	utest_pass();
}
