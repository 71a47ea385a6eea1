/* TIOCSWINSZ on the master sets the size TIOCGWINSZ reports on both sides;
 * a new pty starts at 0x0. */
#include "utest_pty.h"

int main(int argc, char **argv)
{
	struct winsize w = { 1, 1, 1, 1 }, set = { .ws_row = 24, .ws_col = 80, .ws_xpixel = 7 };
	int m, s;

	utest_begin(argc, argv);
	utest_openpty(&m, &s, O_RDWR | O_NOCTTY);
	CHECK_EQ(ioctl(s, TIOCGWINSZ, &w), 0);
	CHECK_EQ(w.ws_row, 0);
	CHECK_EQ(w.ws_col, 0);
	CHECK_EQ(ioctl(m, TIOCSWINSZ, &set), 0);
	CHECK_EQ(ioctl(s, TIOCGWINSZ, &w), 0);
	CHECK_EQ(w.ws_row, 24);
	CHECK_EQ(w.ws_col, 80);
	CHECK_EQ(w.ws_xpixel, 7);
	set.ws_row = 50;
	CHECK_EQ(ioctl(s, TIOCSWINSZ, &set), 0);
	CHECK_EQ(ioctl(m, TIOCGWINSZ, &w), 0);
	CHECK_EQ(w.ws_row, 50);
	CHECK_ERR(syscall(SYS_ioctl, m, TIOCGWINSZ, UTEST_BAD_PTR), EFAULT);
	utest_pass();
}
