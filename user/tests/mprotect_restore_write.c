/* Protections can be dropped and restored: after PROT_READ and then
 * PROT_READ|PROT_WRITE the data is intact and writes work again, also on
 * a part of a larger mapping. */
#include "utest.h"

int main(int argc, char **argv)
{
	char *p;

	utest_begin(argc, argv);
	p = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	memset(p, 'd', 4 * 4096);
	CHECK_EQ(mprotect(p + 4096, 2 * 4096, PROT_READ), 0);
	p[0] = 'a';
	p[3 * 4096] = 'b';
	CHECK_EQ(mprotect(p + 4096, 2 * 4096, PROT_READ | PROT_WRITE), 0);
	for (int i = 4096; i < 3 * 4096; i++)
		CHECK_EQ(p[i], 'd');
	memset(p + 4096, 'e', 2 * 4096);
	CHECK_EQ(p[0], 'a');
	CHECK_EQ(p[2 * 4096 + 4095], 'e');
	CHECK_EQ(p[3 * 4096], 'b');
	CHECK_EQ(munmap(p, 4 * 4096), 0);
	utest_pass();
}
