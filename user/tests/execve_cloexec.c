/* Across execve, descriptors marked close-on-exec (O_CLOEXEC, F_SETFD,
 * pipe2 O_CLOEXEC) are closed and the others stay open with their offset;
 * dup of a close-on-exec descriptor is not close-on-exec. */
#include "utest.h"

int main(int argc, char **argv)
{
	char nums[5][16];
	char *args[8];
	char *envp[] = { NULL };
	int a, b, c, d, p[2];
	pid_t pid;

	utest_begin(argc, argv);
	if (argc == 7 && !strcmp(argv[1], "child")) {
		char buf[8] = { 0 };

		CHECK_ERR(fcntl(atoi(argv[2]), F_GETFD), EBADF);
		CHECK_EQ(fcntl(atoi(argv[3]), F_GETFD), 0);
		CHECK_EQ(read(atoi(argv[3]), buf, 3), 3);
		CHECK_STR_EQ(buf, "def");
		CHECK_ERR(fcntl(atoi(argv[4]), F_GETFD), EBADF);
		CHECK_EQ(fcntl(atoi(argv[5]), F_GETFD), 0);
		CHECK_ERR(fcntl(atoi(argv[6]), F_GETFD), EBADF);
		_exit(0);
	}
	if (argc != 1)
		_exit(3);
	utest_write_file(utest_path("f"), "abcdef", 0644);
	a = CHECK_OK(open(utest_path("f"), O_RDONLY | O_CLOEXEC));
	b = CHECK_OK(open(utest_path("f"), O_RDONLY));
	CHECK_EQ(lseek(b, 3, SEEK_SET), 3);
	c = CHECK_OK(open(utest_path("f"), O_RDONLY));
	CHECK_EQ(fcntl(c, F_SETFD, FD_CLOEXEC), 0);
	d = CHECK_OK(dup(a));
	CHECK_EQ(fcntl(d, F_GETFD), 0);
	CHECK_OK(pipe2(p, O_CLOEXEC));
	snprintf(nums[0], 16, "%d", a);
	snprintf(nums[1], 16, "%d", b);
	snprintf(nums[2], 16, "%d", c);
	snprintf(nums[3], 16, "%d", d);
	snprintf(nums[4], 16, "%d", p[0]);
	args[0] = (char *)utest_self();
	args[1] = "child";
	for (int i = 0; i < 5; i++)
		args[2 + i] = nums[i];
	args[7] = NULL;
	pid = utest_fork();
	if (pid == 0) {
		execve(args[0], args, envp);
		_exit(127);
	}
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
