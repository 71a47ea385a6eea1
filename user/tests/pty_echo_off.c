/* With ECHO off nothing typed comes back to the master; ECHONL still
 * echoes the newline; ECHOCTL shows control characters as ^X. */
#include "utest_pty.h"

int main(int argc, char **argv)
{
	struct termios t;
	char buf[64];
	int m, s;

	utest_begin(argc, argv);
	utest_openpty(&m, &s, O_RDWR | O_NOCTTY);
	CHECK_EQ(write(m, "a\x01\n", 3), 3);
	CHECK_EQ(utest_read_ready(m, buf, sizeof(buf), 1000), 5);
	CHECK_STR_EQ(buf, "a^A\r\n");
	CHECK_EQ(read(s, buf, sizeof(buf)), 3);
	CHECK_EQ(tcgetattr(s, &t), 0);
	t.c_lflag &= ~ECHO;
	CHECK_EQ(tcsetattr(s, TCSANOW, &t), 0);
	CHECK_EQ(write(m, "secret\n", 7), 7);
	CHECK_EQ(read(s, buf, sizeof(buf)), 7);
	CHECK(!memcmp(buf, "secret\n", 7));
	CHECK_EQ(utest_read_ready(m, buf, sizeof(buf), 200), 0);
	t.c_lflag |= ECHONL;
	CHECK_EQ(tcsetattr(s, TCSANOW, &t), 0);
	CHECK_EQ(write(m, "pw\n", 3), 3);
	CHECK_EQ(utest_read_ready(m, buf, sizeof(buf), 1000), 2);
	CHECK_STR_EQ(buf, "\r\n");
	utest_pass();
}
