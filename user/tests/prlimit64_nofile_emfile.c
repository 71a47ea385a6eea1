/* With RLIMIT_NOFILE lowered, opening past the limit fails with EMFILE, as
 * do dup and pipe2; closing one descriptor makes room again. */
#include "utest.h"

int main(int argc, char **argv)
{
	struct rlimit rl;
	int fd, last = -1, opened = 0, p[2];

	utest_begin(argc, argv);
	CHECK_EQ(getrlimit(RLIMIT_NOFILE, &rl), 0);
	rl.rlim_cur = 16;
	CHECK_EQ(setrlimit(RLIMIT_NOFILE, &rl), 0);
	for (;;) {
		fd = open("/dev/null", O_RDONLY);
		if (fd < 0)
			break;
		CHECK(fd < 16);
		last = fd;
		opened++;
	}
	CHECK_EQ(errno, EMFILE);
	CHECK(opened > 0);
	CHECK_EQ(last, 15);
	CHECK_ERR(dup(0), EMFILE);
	CHECK_ERR(pipe2(p, 0), EMFILE);
	CHECK_ERR(fcntl(0, F_DUPFD, 0), EMFILE);
	CHECK_ERR(fcntl(0, F_DUPFD, 20), EINVAL);
	CHECK_ERR(syscall(SYS_dup3, 0, 16, 0), EBADF);
	CHECK_OK(close(last));
	CHECK_EQ(open("/dev/null", O_RDONLY), last);
	utest_pass();
}
