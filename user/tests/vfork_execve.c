/* A vfork child may execve; the new program runs as that child and its
 * exit status reaches the parent. */
#include "utest.h"

int main(int argc, char **argv)
{
	char *args[3];
	char *envp[] = { NULL };
	pid_t pid;

	utest_begin(argc, argv);
	if (argc > 1 && !strcmp(argv[1], "child"))
		_exit(11);
	args[0] = (char *)utest_self();
	args[1] = "child";
	args[2] = NULL;
	pid = vfork();
	if (pid == 0) {
		execve(args[0], args, envp);
		_exit(127);
	}
	CHECK(pid > 0);
	CHECK_CHILD_EXIT(pid, 11);
	utest_pass();
}
