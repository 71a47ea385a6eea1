/* F_GETFD/F_SETFD read and change just the close-on-exec flag of one
 * descriptor. */
#include "utest.h"

int main(int argc, char **argv)
{
	int fd, d;

	utest_begin(argc, argv);
	fd = CHECK_OK(open("/dev/null", O_RDONLY));
	CHECK_EQ(fcntl(fd, F_GETFD), 0);
	CHECK_EQ(fcntl(fd, F_SETFD, FD_CLOEXEC), 0);
	CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	d = CHECK_OK(dup(fd));
	CHECK_EQ(fcntl(d, F_GETFD), 0);
	CHECK_EQ(fcntl(fd, F_SETFD, 0), 0);
	CHECK_EQ(fcntl(fd, F_GETFD), 0);
	CHECK_ERR(fcntl(-1, F_GETFD), EBADF);
	CHECK_OK(close(d));
	CHECK_OK(close(fd));
	utest_pass();
}
