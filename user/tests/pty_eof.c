/* VEOF (^D): at the start of a line read() returns 0 (end of file); after
 * some characters it hands them over without a newline. */
#include "utest_pty.h"

int main(int argc, char **argv)
{
	char buf[64];
	int m, s;

	utest_begin(argc, argv);
	utest_openpty(&m, &s, O_RDWR | O_NOCTTY);
	CHECK_EQ(write(m, "\x04", 1), 1);
	CHECK_EQ(read(s, buf, sizeof(buf)), 0);
	CHECK_EQ(write(m, "ab\x04", 3), 3);
	CHECK_EQ(read(s, buf, sizeof(buf)), 2);
	CHECK(!memcmp(buf, "ab", 2));
	/* The ^D is not echoed. */
	CHECK_EQ(utest_read_ready(m, buf, sizeof(buf), 1000), 2);
	CHECK_STR_EQ(buf, "ab");
	CHECK_EQ(write(m, "x\n", 2), 2);
	CHECK_EQ(read(s, buf, sizeof(buf)), 2);
	utest_pass();
}
