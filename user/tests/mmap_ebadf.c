/* A mapping that is not anonymous needs an open file descriptor: -1 or a
 * closed descriptor give EBADF. */
#include "utest.h"

int main(int argc, char **argv)
{
	int fd;

	utest_begin(argc, argv);
	CHECK_ERR(syscall(SYS_mmap, NULL, 4096, PROT_READ, MAP_PRIVATE, -1, 0), EBADF);
	fd = CHECK_OK(open("/dev/zero", O_RDONLY));
	CHECK_OK(close(fd));
	CHECK_ERR(syscall(SYS_mmap, NULL, 4096, PROT_READ, MAP_SHARED, fd, 0), EBADF);
	utest_pass();
}
