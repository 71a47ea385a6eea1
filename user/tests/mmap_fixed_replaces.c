/* MAP_FIXED over part of an existing mapping replaces just those pages with
 * fresh zeroed ones at exactly that address; the neighbours keep their data. */
#include "utest.h"

int main(int argc, char **argv)
{
	unsigned char *p, *q;

	utest_begin(argc, argv);
	p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	memset(p, 0xaa, 3 * 4096);
	q = mmap(p + 4096, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		 -1, 0);
	CHECK(q == p + 4096);
	for (int i = 0; i < 4096; i++) {
		CHECK_EQ(p[i], 0xaa);
		CHECK_EQ(q[i], 0);
		CHECK_EQ(p[2 * 4096 + i], 0xaa);
	}
	q[0] = 1;
	CHECK_EQ(munmap(p, 3 * 4096), 0);
	utest_pass();
}
