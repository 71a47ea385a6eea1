/* readv/writev: a negative or too large (> 1024) count is EINVAL, an iovec
 * array or buffer that cannot be accessed EFAULT, a bad descriptor EBADF. */
#include "utest.h"
#include <sys/uio.h>

int main(int argc, char **argv)
{
	char x[1] = { 'x' };
	struct iovec iov[1] = { { x, 1 } };
	struct iovec bad[1] = { { UTEST_BAD_PTR, 4 } };
	struct iovec *many;
	int fd;

	utest_begin(argc, argv);
	fd = CHECK_OK(open(utest_path("f"), O_RDWR | O_CREAT, 0644));
	many = calloc(1025, sizeof(*many));
	CHECK(many != NULL);
	CHECK_ERR(syscall(SYS_writev, fd, iov, -1), EINVAL);
	CHECK_ERR(syscall(SYS_writev, fd, many, 1025), EINVAL);
	CHECK_ERR(syscall(SYS_readv, fd, many, 1025), EINVAL);
	CHECK_ERR(syscall(SYS_writev, fd, UTEST_BAD_PTR, 1), EFAULT);
	CHECK_ERR(syscall(SYS_writev, fd, bad, 1), EFAULT);
	CHECK_EQ(syscall(SYS_writev, fd, iov, 1), 1);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_ERR(syscall(SYS_readv, fd, bad, 1), EFAULT);
	CHECK_ERR(syscall(SYS_readv, 999, iov, 1), EBADF);
	CHECK_OK(close(fd));
	utest_pass();
}
