/* mremap with MREMAP_MAYMOVE grows a mapping, moving it when the pages after
 * it are taken: the old contents come along, the new part is zero-filled,
 * and the page that blocked growth in place is left alone. */
#include "utest.h"

int main(int argc, char **argv)
{
	char *p, *q, *blocker;

	utest_begin(argc, argv);
	p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	memset(p, 'm', 2 * 4096);
	blocker = p + 2 * 4096;
	blocker[0] = 'b';
	/* Grow the first two pages: the third is in the way. */
	q = mremap(p, 2 * 4096, 8 * 4096, MREMAP_MAYMOVE);
	CHECK(q != MAP_FAILED);
	CHECK(q != p);
	CHECK((uintptr_t)q % 4096 == 0);
	for (int i = 0; i < 2 * 4096; i++)
		CHECK_EQ(q[i], 'm');
	for (int i = 2 * 4096; i < 8 * 4096; i++)
		CHECK_EQ(q[i], 0);
	memset(q, 'n', 8 * 4096);
	CHECK_EQ(blocker[0], 'b');
	CHECK_EQ(munmap(q, 8 * 4096), 0);
	CHECK_EQ(munmap(blocker, 4096), 0);
	utest_pass();
}
