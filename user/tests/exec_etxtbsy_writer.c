/* A program that some file holds open for writing does not run: execve
 * fails with ETXTBSY, as on Linux, and runs once the writer closes. */
#include "utest.h"
#include "utest_exec.h"

int main(int argc, char **argv)
{
	char *args[] = { NULL, "child", NULL };
	char *envp[] = { NULL };
	pid_t pid;
	int fd;

	utest_begin(argc, argv);
	if (argc == 2 && !strcmp(argv[1], "child"))
		_exit(42);
	utest_copy_self(utest_path("prog"));
	args[0] = (char *)utest_path("prog");
	fd = CHECK_OK(open(args[0], O_WRONLY));
	CHECK_ERR(execve(args[0], args, envp), ETXTBSY);
	pid = utest_fork();
	if (pid == 0) {
		execve(args[0], args, envp);
		_exit(errno == ETXTBSY ? 7 : 8);
	}
	CHECK_CHILD_EXIT(pid, 7);
	CHECK_OK(close(fd));
	pid = utest_fork();
	if (pid == 0) {
		execve(args[0], args, envp);
		_exit(8);
	}
	CHECK_CHILD_EXIT(pid, 42);
	utest_pass();
}
