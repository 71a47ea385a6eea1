/* close of a descriptor that is not open (negative, never opened, already
 * closed) fails with EBADF. */
#include "utest.h"

int main(int argc, char **argv)
{
	int fd;

	utest_begin(argc, argv);
	CHECK_ERR(close(-1), EBADF);
	CHECK_ERR(close(4000), EBADF);
	CHECK_ERR(close(INT_MAX), EBADF);
	fd = CHECK_OK(open("/dev/null", O_RDONLY));
	CHECK_EQ(close(fd), 0);
	CHECK_ERR(close(fd), EBADF);
	CHECK_ERR(read(fd, &fd, 1), EBADF);
	utest_pass();
}
