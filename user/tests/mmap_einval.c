/* mmap rejects a zero length, an unaligned MAP_FIXED address or offset, and
 * flags that are neither MAP_PRIVATE nor MAP_SHARED, with EINVAL. */
#include "utest.h"

#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

int main(int argc, char **argv)
{
	char *p;

	utest_begin(argc, argv);
	p = mmap(NULL, 4096, RW, ANON, -1, 0);
	CHECK(p != MAP_FAILED);
	CHECK_ERR(syscall(SYS_mmap, NULL, 0, RW, ANON, -1, 0), EINVAL);
	CHECK_ERR(syscall(SYS_mmap, p + 1, 4096, RW, ANON | MAP_FIXED, -1, 0), EINVAL);
	CHECK_ERR(syscall(SYS_mmap, NULL, 4096, RW, MAP_ANONYMOUS, -1, 0), EINVAL);
	CHECK_ERR(syscall(SYS_mmap, NULL, 4096, RW, ANON, -1, 100), EINVAL);
	CHECK_EQ(munmap(p, 4096), 0);
	utest_pass();
}
