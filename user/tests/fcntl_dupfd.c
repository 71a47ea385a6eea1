/* F_DUPFD and F_DUPFD_CLOEXEC return the lowest free descriptor at or above
 * the argument; only F_DUPFD_CLOEXEC sets close-on-exec. */
#include "utest.h"

int main(int argc, char **argv)
{
	int fd, a, b, c;

	utest_begin(argc, argv);
	fd = CHECK_OK(open("/dev/null", O_RDONLY));
	a = CHECK_OK(fcntl(fd, F_DUPFD, 50));
	CHECK_EQ(a, 50);
	CHECK_EQ(fcntl(a, F_GETFD), 0);
	b = CHECK_OK(fcntl(fd, F_DUPFD_CLOEXEC, 50));
	CHECK_EQ(b, 51);
	CHECK_EQ(fcntl(b, F_GETFD), FD_CLOEXEC);
	c = CHECK_OK(fcntl(fd, F_DUPFD, 0));
	CHECK_EQ(c, fd + 1);
	CHECK_ERR(fcntl(fd, F_DUPFD, -1), EINVAL);
	CHECK_ERR(fcntl(99, F_DUPFD, 0), EBADF);
	CHECK_OK(close(a));
	CHECK_OK(close(b));
	CHECK_OK(close(c));
	CHECK_OK(close(fd));
	utest_pass();
}
