/* TIOCGPTPEER opens the slave of a master as a new descriptor. */
#include "utest_pty.h"

#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif

int main(int argc, char **argv)
{
	char buf[16];
	int m, s;

	utest_begin(argc, argv);
	utest_openpty(&m, NULL, 0);
	s = CHECK_OK(ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY));
	CHECK(isatty(s));
	CHECK_EQ(write(m, "p\n", 2), 2);
	CHECK_EQ(read(s, buf, sizeof(buf)), 2);
	utest_pass();
}
