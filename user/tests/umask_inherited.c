/* A child inherits its parent's umask, and its changes stay its own. */
#include "utest.h"

int main(int argc, char **argv)
{
	pid_t pid;

	utest_begin(argc, argv);
	umask(034);
	pid = utest_fork();
	if (pid == 0) {
		CHECK_EQ(umask(0), 034);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	CHECK_EQ(umask(022), 034);
	utest_pass();
}
