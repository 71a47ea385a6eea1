/* vfork returns 0 in the child, and the child's _exit status reaches the
 * parent, which resumes once the child is gone. */
#include "utest.h"

int main(int argc, char **argv)
{
	pid_t parent = getpid();
	pid_t pid;

	utest_begin(argc, argv);
	pid = vfork();
	if (pid == 0)
		_exit(getppid() == parent ? 7 : 1);
	CHECK(pid > 0);
	CHECK_CHILD_EXIT(pid, 7);
	utest_pass();
}
