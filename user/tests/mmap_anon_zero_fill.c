/* A private anonymous mapping is page aligned, zero filled and writable,
 * and munmap removes it. */
#include "utest.h"

int main(int argc, char **argv)
{
	size_t len = 16 * 4096 + 100;
	unsigned char *p;

	utest_begin(argc, argv);
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	CHECK_EQ((uintptr_t)p % 4096, 0);
	/* The length is rounded up to whole pages. */
	for (size_t i = 0; i < 17 * 4096; i++)
		CHECK_EQ(p[i], 0);
	for (size_t i = 0; i < 17 * 4096; i++)
		p[i] = (unsigned char)(i * 7);
	for (size_t i = 0; i < 17 * 4096; i++)
		CHECK_EQ(p[i], (unsigned char)(i * 7));
	CHECK_EQ(munmap(p, len), 0);
	utest_pass();
}
