/* sched_getaffinity returns a non-empty CPU set and the size it wrote;
 * pinning to one of those CPUs is then reported back exactly. */
#include "utest.h"

int main(int argc, char **argv)
{
	unsigned long mask[16], one[16];
	long n;
	int first = -1;

	utest_begin(argc, argv);
	memset(mask, 0, sizeof(mask));
	n = CHECK_OK(syscall(SYS_sched_getaffinity, 0, sizeof(mask), mask));
	CHECK(n > 0 && n <= (long)sizeof(mask));
	CHECK_EQ(n % sizeof(unsigned long), 0);
	for (int i = 0; i < n * 8 && first < 0; i++)
		if (mask[i / 64] & (1ul << (i % 64)))
			first = i;
	CHECK(first >= 0);

	memset(one, 0, sizeof(one));
	one[first / 64] = 1ul << (first % 64);
	CHECK_EQ(syscall(SYS_sched_setaffinity, 0, sizeof(one), one), 0);
	memset(mask, 0xff, sizeof(mask));
	n = CHECK_OK(syscall(SYS_sched_getaffinity, getpid(), sizeof(mask), mask));
	for (int i = 0; i < n / 8; i++)
		CHECK_EQ(mask[i], one[i]);
	utest_pass();
}
