/* fstat of a descriptor that is not open is EBADF, into a bad buffer EFAULT. */
#include "utest.h"

int main(int argc, char **argv)
{
	struct stat st;
	int fd;

	utest_begin(argc, argv);
	CHECK_ERR(fstat(-1, &st), EBADF);
	CHECK_ERR(fstat(999, &st), EBADF);
	fd = CHECK_OK(open("/dev/null", O_RDONLY));
	CHECK_ERR(syscall(SYS_fstat, fd, UTEST_BAD_PTR), EFAULT);
	CHECK_OK(close(fd));
	CHECK_ERR(fstat(fd, &st), EBADF);
	utest_pass();
}
