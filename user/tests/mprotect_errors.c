/* mprotect: an unaligned address or unknown protection bits are EINVAL; a
 * range that is not (entirely) mapped is ENOMEM. */
#include "utest.h"

int main(int argc, char **argv)
{
	char *p;

	utest_begin(argc, argv);
	p = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	/* Raw calls: musl's wrapper rounds the address down to a page. */
	CHECK_ERR(syscall(SYS_mprotect, p + 1, 4096, PROT_READ), EINVAL);
	CHECK_ERR(syscall(SYS_mprotect, p, 4096, 0x10000), EINVAL);
	CHECK_EQ(munmap(p + 4096, 4096), 0);
	CHECK_ERR(syscall(SYS_mprotect, p, 2 * 4096, PROT_READ), ENOMEM);
	CHECK_ERR(syscall(SYS_mprotect, p + 4096, 4096, PROT_READ), ENOMEM);
	CHECK_EQ(mprotect(p, 4096, PROT_READ), 0);
	CHECK_EQ(munmap(p, 4096), 0);
	utest_pass();
}
