/* madvise(MADV_DONTNEED) on private anonymous memory throws the contents
 * away: the pages read back as zero and stay usable. */
#include "utest.h"

int main(int argc, char **argv)
{
	char *p;

	utest_begin(argc, argv);
	p = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	memset(p, 'z', 4 * 4096);
	CHECK_EQ(madvise(p + 4096, 2 * 4096, MADV_DONTNEED), 0);
	CHECK_EQ(p[0], 'z');
	for (int i = 4096; i < 3 * 4096; i++)
		CHECK_EQ(p[i], 0);
	CHECK_EQ(p[3 * 4096], 'z');
	p[4096] = 'a';
	CHECK_EQ(p[4096], 'a');
	CHECK_ERR(syscall(SYS_madvise, p + 1, 4096, MADV_DONTNEED), EINVAL);
	CHECK_EQ(munmap(p, 4 * 4096), 0);
	utest_pass();
}
