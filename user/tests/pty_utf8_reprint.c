/* With IUTF8 an erase removes a whole UTF-8 character (one "\b \b" on the
 * screen); VREPRINT (^R) echoes the line typed so far on a new line. */
#include "utest_pty.h"

int main(int argc, char **argv)
{
	struct termios t;
	char buf[32];
	int m, s;

	utest_begin(argc, argv);
	utest_openpty(&m, &s, O_RDWR | O_NOCTTY);
	CHECK_EQ(tcgetattr(s, &t), 0);
	t.c_iflag |= IUTF8;
	CHECK_EQ(tcsetattr(s, TCSANOW, &t), 0);
	CHECK_EQ(write(m, "a\xc3\xa9", 3), 3);	/* a, e-acute */
	CHECK_EQ(utest_read_ready(m, buf, sizeof(buf), 1000), 3);
	CHECK_EQ(write(m, "\x7f", 1), 1);
	CHECK_EQ(utest_read_ready(m, buf, sizeof(buf), 1000), 3);
	CHECK_STR_EQ(buf, "\b \b");
	CHECK_EQ(write(m, "b\x12", 2), 2);
	CHECK_EQ(utest_read_ready(m, buf, sizeof(buf), 1000), 7);
	CHECK_STR_EQ(buf, "b^R\r\nab");
	CHECK_EQ(write(m, "\n", 1), 1);
	CHECK_EQ(read(s, buf, sizeof(buf)), 3);
	CHECK(!memcmp(buf, "ab\n", 3));
	utest_pass();
}
