/* A new pty's slave is locked: opening it fails with EIO until unlockpt
 * (TIOCSPTLCK 0); TIOCGPTN on the slave is not a master request. */
#include "utest_pty.h"

int main(int argc, char **argv)
{
	char name[64];
	int m, s, n = -1, zero = 0, one = 1;

	utest_begin(argc, argv);
	m = CHECK_OK(posix_openpt(O_RDWR | O_NOCTTY));
	CHECK_EQ(ioctl(m, TIOCGPTN, &n), 0);
	CHECK(n >= 0);
	snprintf(name, sizeof(name), "/dev/pts/%d", n);
	CHECK_ERR(open(name, O_RDWR | O_NOCTTY), EIO);
	CHECK_EQ(ioctl(m, TIOCSPTLCK, &zero), 0);
	s = CHECK_OK(open(name, O_RDWR | O_NOCTTY));
	CHECK_EQ(ioctl(m, TIOCSPTLCK, &one), 0);
	CHECK_ERR(open(name, O_RDWR | O_NOCTTY), EIO);
	CHECK_ERR(ioctl(s, TIOCGPTN, &n), ENOTTY);
	utest_pass();
}
