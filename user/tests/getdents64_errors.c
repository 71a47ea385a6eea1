/* getdents64 on a regular file is ENOTDIR, on a closed descriptor EBADF,
 * with a buffer too small for one entry EINVAL, into a bad buffer EFAULT. */
#include "utest.h"

int main(int argc, char **argv)
{
	char buf[512];
	int fd, dfd;

	utest_begin(argc, argv);
	fd = CHECK_OK(open(utest_path("f"), O_RDWR | O_CREAT, 0644));
	dfd = CHECK_OK(open(utest_tmpdir(), O_RDONLY | O_DIRECTORY));
	CHECK_ERR(syscall(SYS_getdents64, fd, buf, sizeof(buf)), ENOTDIR);
	CHECK_ERR(syscall(SYS_getdents64, 999, buf, sizeof(buf)), EBADF);
	CHECK_ERR(syscall(SYS_getdents64, dfd, buf, 8), EINVAL);
	CHECK_ERR(syscall(SYS_getdents64, dfd, UTEST_BAD_PTR, sizeof(buf)), EFAULT);
	CHECK_OK(close(fd));
	CHECK_OK(close(dfd));
	utest_pass();
}
