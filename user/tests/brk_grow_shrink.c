/* brk(0) reports the program break; brk can raise it (new memory is zeroed
 * and writable) and lower it again, each time returning the new break.
 * Memory regained after a shrink is zero again. */
#include "utest.h"

#define PAGE 4096ul

int main(int argc, char **argv)
{
	unsigned long b0, grown, base;
	volatile unsigned char *p;

	utest_begin(argc, argv);
	b0 = syscall(SYS_brk, 0);
	CHECK(b0 != 0);
	CHECK_EQ(syscall(SYS_brk, 0), b0);
	grown = b0 + 64 * PAGE;
	CHECK_EQ(syscall(SYS_brk, grown), grown);
	CHECK_EQ(syscall(SYS_brk, 0), grown);
	base = (b0 + PAGE - 1) & ~(PAGE - 1);
	p = (volatile unsigned char *)base;
	for (unsigned long i = 0; i < grown - base; i++)
		CHECK_EQ(p[i], 0);
	for (unsigned long i = 0; i < grown - base; i++)
		p[i] = (unsigned char)i;
	CHECK_EQ(p[grown - base - 1], (unsigned char)(grown - base - 1));

	CHECK_EQ(syscall(SYS_brk, b0), b0);
	CHECK_EQ(syscall(SYS_brk, 0), b0);
	CHECK_EQ(syscall(SYS_brk, base + 2 * PAGE), base + 2 * PAGE);
	for (unsigned long i = 0; i < 2 * PAGE; i++)
		CHECK_EQ(p[i], 0);
	CHECK_EQ(syscall(SYS_brk, b0), b0);
	utest_pass();
}
