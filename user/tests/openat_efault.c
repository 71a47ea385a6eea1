/* openat with a path pointer that is not readable fails with EFAULT. */
#include "utest.h"

int main(int argc, char **argv)
{
	char *page;

	utest_begin(argc, argv);
	CHECK_ERR(syscall(SYS_openat, AT_FDCWD, UTEST_BAD_PTR, O_RDONLY), EFAULT);
	CHECK_ERR(syscall(SYS_openat, AT_FDCWD, NULL, O_RDONLY), EFAULT);
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(page != MAP_FAILED);
	CHECK_EQ(munmap(page, 4096), 0);
	CHECK_ERR(syscall(SYS_openat, AT_FDCWD, page, O_RDONLY), EFAULT);
	utest_pass();
}
