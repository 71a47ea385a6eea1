/* A new descriptor is always the lowest number not in use. */
#include "utest.h"

int main(int argc, char **argv)
{
	int a, b, c;

	utest_begin(argc, argv);
	a = CHECK_OK(open("/dev/null", O_RDONLY));
	b = CHECK_OK(open("/dev/null", O_RDONLY));
	c = CHECK_OK(open("/dev/null", O_RDONLY));
	CHECK_EQ(b, a + 1);
	CHECK_EQ(c, a + 2);
	CHECK_OK(close(b));
	CHECK_EQ(open("/dev/null", O_RDONLY), b);
	CHECK_OK(close(a));
	CHECK_OK(close(b));
	CHECK_EQ(dup(c), a);
	CHECK_EQ(open("/dev/null", O_RDONLY), b);
	utest_pass();
}
