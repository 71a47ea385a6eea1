/* The main thread's stack grows on demand: a recursion that uses about
 * 1 MiB of stack, writing every page of it, runs and unwinds correctly. */
#include "utest.h"

#define FRAME 4000
#define DEPTH 256

static unsigned long dive(int depth)
{
	volatile unsigned char buf[FRAME];
	unsigned long sum;

	for (int i = 0; i < FRAME; i += 512)
		buf[i] = (unsigned char)(depth + i);
	if (depth == 0)
		return 0;
	sum = dive(depth - 1);
	for (int i = 0; i < FRAME; i += 512)
		sum += buf[i];
	return sum;
}

int main(int argc, char **argv)
{
	unsigned long expect = 0;

	utest_begin(argc, argv);
	for (int d = 1; d <= DEPTH; d++)
		for (int i = 0; i < FRAME; i += 512)
			expect += (unsigned char)(d + i);
	CHECK_EQ(dive(DEPTH), expect);
	utest_pass();
}
