/* execveat(fd, "", AT_EMPTY_PATH) runs the program open on fd, and
 * execveat(dirfd, name) runs name relative to the directory dirfd. */
#include "utest.h"

int main(int argc, char **argv)
{
	char *args[] = { NULL, "child", NULL };
	char *envp[] = { NULL };
	char dir[UTEST_PATH_MAX];
	const char *base;
	int fd, dfd;
	pid_t pid;

	utest_begin(argc, argv);
	if (argc == 2 && !strcmp(argv[1], "child"))
		_exit(14);
	if (argc != 1)
		_exit(3);
	args[0] = (char *)utest_self();
	fd = CHECK_OK(open(utest_self(), O_RDONLY));
	pid = utest_fork();
	if (pid == 0) {
		syscall(SYS_execveat, fd, "", args, envp, AT_EMPTY_PATH);
		_exit(127);
	}
	CHECK_CHILD_EXIT(pid, 14);

	snprintf(dir, sizeof(dir), "%s", utest_self());
	*strrchr(dir, '/') = '\0';
	base = strrchr(utest_self(), '/') + 1;
	dfd = CHECK_OK(open(dir[0] ? dir : "/", O_RDONLY | O_DIRECTORY));
	pid = utest_fork();
	if (pid == 0) {
		syscall(SYS_execveat, dfd, base, args, envp, 0);
		_exit(127);
	}
	CHECK_CHILD_EXIT(pid, 14);
	utest_pass();
}
