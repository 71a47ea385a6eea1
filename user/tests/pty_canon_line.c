/* Canonical mode: the slave sees nothing until the line ends (EAGAIN,
 * FIONREAD 0), then the whole line, in pieces if the reader asks for less. */
#include "utest_pty.h"

int main(int argc, char **argv)
{
	char buf[64];
	int m, s, avail = -1;

	utest_begin(argc, argv);
	utest_openpty(&m, &s, O_RDWR | O_NOCTTY | O_NONBLOCK);
	CHECK_EQ(write(m, "ab", 2), 2);
	CHECK_ERR(read(s, buf, sizeof(buf)), EAGAIN);
	CHECK_EQ(ioctl(s, FIONREAD, &avail), 0);
	CHECK_EQ(avail, 0);
	CHECK_EQ(write(m, "c\nxy\n", 5), 5);
	CHECK_EQ(poll(&(struct pollfd){ .fd = s, .events = POLLIN }, 1, 1000), 1);
	CHECK_EQ(ioctl(s, FIONREAD, &avail), 0);
	CHECK_EQ(avail, 7);
	CHECK_EQ(read(s, buf, 2), 2);
	CHECK(!memcmp(buf, "ab", 2));
	CHECK_EQ(read(s, buf, sizeof(buf)), 2);	/* one line per read */
	CHECK(!memcmp(buf, "c\n", 2));
	CHECK_EQ(read(s, buf, sizeof(buf)), 3);
	CHECK(!memcmp(buf, "xy\n", 3));
	CHECK_ERR(read(s, buf, sizeof(buf)), EAGAIN);
	/* ICRNL: a typed carriage return ends the line as a newline. */
	CHECK_EQ(write(m, "r\r", 2), 2);
	CHECK_EQ(read(s, buf, sizeof(buf)), 2);
	CHECK(!memcmp(buf, "r\n", 2));
	utest_pass();
}
