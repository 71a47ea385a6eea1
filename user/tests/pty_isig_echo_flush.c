/* With ISIG a typed ^C is echoed as "^C" and discards the pending input
 * (no foreground group here, so no signal); with ISIG off it is data.
 * ^V (VLNEXT) makes the next character literal. */
#include "utest_pty.h"

int main(int argc, char **argv)
{
	struct termios t;
	char buf[32];
	int m, s;

	utest_begin(argc, argv);
	utest_openpty(&m, &s, O_RDWR | O_NOCTTY);
	CHECK_EQ(write(m, "abc", 3), 3);
	CHECK_EQ(utest_read_ready(m, buf, sizeof(buf), 1000), 3);
	CHECK_EQ(write(m, "\x03", 1), 1);
	CHECK_EQ(utest_read_ready(m, buf, sizeof(buf), 1000), 2);
	CHECK_STR_EQ(buf, "^C");
	CHECK_EQ(write(m, "x\n", 2), 2);
	CHECK_EQ(read(s, buf, sizeof(buf)), 2);
	CHECK(!memcmp(buf, "x\n", 2));
	CHECK_EQ(write(m, "\x16\x15y\n", 4), 4);	/* ^V ^U: a literal ^U */
	CHECK_EQ(read(s, buf, sizeof(buf)), 3);
	CHECK(!memcmp(buf, "\x15y\n", 3));
	utest_read_ready(m, buf, sizeof(buf), 1000);
	CHECK_EQ(tcgetattr(s, &t), 0);
	t.c_lflag &= ~(ISIG | ECHO);
	CHECK_EQ(tcsetattr(s, TCSANOW, &t), 0);
	CHECK_EQ(write(m, "q\x03\n", 3), 3);
	CHECK_EQ(read(s, buf, sizeof(buf)), 3);
	CHECK(!memcmp(buf, "q\x03\n", 3));
	utest_pass();
}
