/* The program started by execve runs in the same process: same pid and same
 * parent as before the exec. */
#include "utest.h"

int main(int argc, char **argv)
{
	char pidbuf[16], ppidbuf[16];
	char *args[5];
	char *envp[] = { NULL };
	pid_t pid;

	utest_begin(argc, argv);
	if (argc == 4 && !strcmp(argv[1], "child")) {
		CHECK_EQ(getpid(), atoi(argv[2]));
		CHECK_EQ(getppid(), atoi(argv[3]));
		_exit(0);
	}
	if (argc != 1)
		_exit(3);
	args[0] = (char *)utest_self();
	args[1] = "child";
	args[2] = pidbuf;
	args[3] = ppidbuf;
	args[4] = NULL;
	pid = utest_fork();
	if (pid == 0) {
		snprintf(pidbuf, sizeof(pidbuf), "%d", (int)getpid());
		snprintf(ppidbuf, sizeof(ppidbuf), "%d", (int)getppid());
		execve(args[0], args, envp);
		_exit(127);
	}
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
