/* write from an unreadable buffer fails with EFAULT, to a file and to a
 * pipe alike. */
#include "utest.h"

int main(int argc, char **argv)
{
	int fd, p[2];

	utest_begin(argc, argv);
	fd = CHECK_OK(open(utest_path("f"), O_WRONLY | O_CREAT, 0644));
	CHECK_ERR(syscall(SYS_write, fd, UTEST_BAD_PTR, 16), EFAULT);
	CHECK_OK(pipe(p));
	CHECK_ERR(syscall(SYS_write, p[1], UTEST_BAD_PTR, 16), EFAULT);
	CHECK_OK(close(fd));
	utest_pass();
}
