/* poll on a pty: the slave is readable once a line is complete, the master
 * once there is output or echo; a hung-up slave reports POLLHUP, and the
 * master POLLHUP once its last slave closed. */
#include "utest_pty.h"

static short events(int fd, short want)
{
	struct pollfd p = { .fd = fd, .events = want };

	CHECK(poll(&p, 1, 0) >= 0);
	return p.revents;
}

int main(int argc, char **argv)
{
	char buf[16];
	int m, s;

	utest_begin(argc, argv);
	utest_openpty(&m, &s, O_RDWR | O_NOCTTY);
	CHECK_EQ(events(s, POLLIN | POLLOUT), POLLOUT);
	CHECK_EQ(events(m, POLLIN | POLLOUT), POLLOUT);
	CHECK_EQ(write(m, "ab", 2), 2);
	CHECK_EQ(utest_read_ready(m, buf, sizeof(buf), 1000), 2);	/* the echo */
	CHECK_EQ(events(s, POLLIN), 0);		/* no whole line yet */
	CHECK_EQ(write(m, "\n", 1), 1);
	CHECK_EQ(poll(&(struct pollfd){ .fd = s, .events = POLLIN }, 1, 1000), 1);
	CHECK_EQ(read(s, buf, sizeof(buf)), 3);
	CHECK_EQ(write(s, "x", 1), 1);
	CHECK_EQ(poll(&(struct pollfd){ .fd = m, .events = POLLIN }, 1, 1000), 1);
	CHECK_EQ(close(s), 0);
	CHECK(events(m, POLLIN) & POLLHUP);
	s = CHECK_OK(open(ptsname(m), O_RDWR | O_NOCTTY));
	CHECK_EQ(close(m), 0);
	CHECK(events(s, POLLIN) & POLLHUP);
	utest_pass();
}
