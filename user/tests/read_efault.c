/* read into an unwritable buffer (unmapped, or read-only memory) fails with
 * EFAULT. */
#include "utest.h"

int main(int argc, char **argv)
{
	char *ro;
	int fd;

	utest_begin(argc, argv);
	fd = CHECK_OK(open("/dev/zero", O_RDONLY));
	CHECK_ERR(syscall(SYS_read, fd, UTEST_BAD_PTR, 16), EFAULT);
	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(ro != MAP_FAILED);
	CHECK_ERR(syscall(SYS_read, fd, ro, 16), EFAULT);
	utest_write_file(utest_path("f"), "file data", 0644);
	CHECK_OK(close(fd));
	fd = CHECK_OK(open(utest_path("f"), O_RDONLY));
	CHECK_ERR(syscall(SYS_read, fd, UTEST_BAD_PTR, 9), EFAULT);
	CHECK_OK(close(fd));
	utest_pass();
}
