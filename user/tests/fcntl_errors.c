/* fcntl on a descriptor that is not open is EBADF; an unknown command is
 * EINVAL. */
#include "utest.h"

int main(int argc, char **argv)
{
	int fd;

	utest_begin(argc, argv);
	CHECK_ERR(fcntl(-1, F_GETFL), EBADF);
	CHECK_ERR(fcntl(999, F_SETFD, 0), EBADF);
	fd = CHECK_OK(open("/dev/null", O_RDONLY));
	CHECK_ERR(syscall(SYS_fcntl, fd, 0x7777, 0), EINVAL);
	CHECK_OK(close(fd));
	CHECK_ERR(fcntl(fd, F_GETFD), EBADF);
	utest_pass();
}
