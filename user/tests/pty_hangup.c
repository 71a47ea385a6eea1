/* Closing the master hangs the slave up: reads return 0, writes EIO, and
 * the node goes away. Closing the last slave makes master reads fail
 * with EIO. */
#include "utest_pty.h"

int main(int argc, char **argv)
{
	char buf[16], name[64];
	int m, s, n;

	utest_begin(argc, argv);
	n = utest_openpty(&m, &s, O_RDWR | O_NOCTTY);
	CHECK_EQ(close(s), 0);
	CHECK_ERR(read(m, buf, sizeof(buf)), EIO);
	snprintf(name, sizeof(name), "/dev/pts/%d", n);
	s = CHECK_OK(open(name, O_RDWR | O_NOCTTY));
	CHECK_EQ(write(m, "x\n", 2), 2);
	CHECK_EQ(close(m), 0);
	CHECK_EQ(read(s, buf, sizeof(buf)), 0);
	CHECK_ERR(write(s, "y", 1), EIO);
	CHECK_ERR(access(name, F_OK), ENOENT);
	CHECK_EQ(close(s), 0);
	utest_pass();
}
