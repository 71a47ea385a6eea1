/* mremap: an unaligned old address or unknown flags are EINVAL; growing in
 * place when the next page is taken is ENOMEM; an old range that is not
 * mapped is EFAULT. */
#include "utest.h"

int main(int argc, char **argv)
{
	char *p;

	utest_begin(argc, argv);
	p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	CHECK_ERR(syscall(SYS_mremap, p + 1, 4096, 2 * 4096, MREMAP_MAYMOVE, 0), EINVAL);
	CHECK_ERR(syscall(SYS_mremap, p, 4096, 2 * 4096, 0x100, 0), EINVAL);
	/* Growing the first two pages in place would run into the third. */
	CHECK_ERR(syscall(SYS_mremap, p, 2 * 4096, 4 * 4096, 0, 0), ENOMEM);
	CHECK_EQ(munmap(p, 3 * 4096), 0);
	CHECK_ERR(syscall(SYS_mremap, p, 4096, 2 * 4096, MREMAP_MAYMOVE, 0), EFAULT);
	utest_pass();
}
