/* A brk request below the start of the heap fails: the raw call returns the
 * unchanged break instead of the requested one. */
#include "utest.h"

int main(int argc, char **argv)
{
	unsigned long b0;

	utest_begin(argc, argv);
	b0 = syscall(SYS_brk, 0);
	CHECK(b0 > 4096);
	CHECK_EQ(syscall(SYS_brk, 4096), b0);
	CHECK_EQ(syscall(SYS_brk, 1), b0);
	CHECK_EQ(syscall(SYS_brk, 0), b0);
	utest_pass();
}
