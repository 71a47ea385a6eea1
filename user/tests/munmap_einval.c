/* munmap needs a page-aligned address and a non-zero length (EINVAL). */
#include "utest.h"

int main(int argc, char **argv)
{
	char *p;

	utest_begin(argc, argv);
	p = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	CHECK_ERR(syscall(SYS_munmap, p + 1, 4096), EINVAL);
	CHECK_ERR(syscall(SYS_munmap, p, 0), EINVAL);
	p[0] = 1;
	CHECK_EQ(munmap(p, 2 * 4096), 0);
	utest_pass();
}
