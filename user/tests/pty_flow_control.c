/* Output flow control: tcflow(TCOOFF) or a typed ^S (IXON) stops the
 * slave's output (a non-blocking write gets EAGAIN); TCOON or ^Q starts
 * it again. */
#include "utest_pty.h"

int main(int argc, char **argv)
{
	char buf[16];
	int m, s;

	utest_begin(argc, argv);
	utest_openpty(&m, &s, O_RDWR | O_NOCTTY | O_NONBLOCK);
	CHECK_EQ(tcflow(s, TCOOFF), 0);
	CHECK_ERR(write(s, "a", 1), EAGAIN);
	CHECK_EQ(tcflow(s, TCOON), 0);
	CHECK_EQ(write(s, "b", 1), 1);
	CHECK_EQ(utest_read_ready(m, buf, sizeof(buf), 1000), 1);
	CHECK_STR_EQ(buf, "b");
	CHECK_EQ(write(m, "\x13z\n", 3), 3);	/* ^S, then a line to wait for */
	CHECK_EQ(poll(&(struct pollfd){ .fd = s, .events = POLLIN }, 1, 1000), 1);
	CHECK_EQ(read(s, buf, sizeof(buf)), 2);
	CHECK_ERR(write(s, "c", 1), EAGAIN);
	CHECK_EQ(write(m, "\x11w\n", 3), 3);	/* ^Q */
	CHECK_EQ(poll(&(struct pollfd){ .fd = s, .events = POLLIN }, 1, 1000), 1);
	CHECK_EQ(read(s, buf, sizeof(buf)), 2);
	CHECK_EQ(write(s, "d", 1), 1);
	CHECK_ERR(tcflow(s, 9), EINVAL);
	utest_pass();
}
