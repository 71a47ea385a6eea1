/* A failed execve leaves the caller as it was: memory, open files and
 * their offsets, working directory and pid; it can still exec afterwards. */
#include "utest.h"

static int data_var = 31337;

int main(int argc, char **argv)
{
	char *args[] = { NULL, NULL, NULL };
	char *envp[] = { NULL };
	char *garbage, *big;
	char cwd[UTEST_PATH_MAX];
	int fd;
	pid_t me = getpid(), pid;

	utest_begin(argc, argv);
	if (argc > 1 && !strcmp(argv[1], "child"))
		_exit(21);
	if (argc != 1)
		_exit(3);
	args[0] = (char *)utest_self();
	garbage = utest_path("garbage");
	utest_write_file(garbage, "garbage, not a program", 0755);
	fd = CHECK_OK(open(utest_path("f"), O_RDWR | O_CREAT, 0644));
	CHECK_EQ(write(fd, "12345", 5), 5);
	CHECK_OK(chdir(utest_tmpdir()));
	big = malloc(300 * 1024);
	CHECK(big != NULL);
	memset(big, 'x', 300 * 1024 - 1);
	big[300 * 1024 - 1] = '\0';

	CHECK_ERR(execve(garbage, args, envp), ENOEXEC);
	CHECK_ERR(execve(utest_path("missing"), args, envp), ENOENT);
	CHECK_ERR(execve(utest_path("f"), args, envp), EACCES);
	args[1] = big;
	CHECK_ERR(execve(utest_self(), args, envp), E2BIG);

	CHECK_EQ(data_var, 31337);
	CHECK_EQ(getpid(), me);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 5);
	CHECK_EQ(write(fd, "6", 1), 1);
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	CHECK_STR_EQ(cwd, utest_tmpdir());
	CHECK_OK(close(fd));
	CHECK_OK(chdir("/"));

	args[1] = "child";
	pid = utest_fork();
	if (pid == 0) {
		execve(args[0], args, envp);
		_exit(127);
	}
	CHECK_CHILD_EXIT(pid, 21);
	utest_pass();
}
