/* Input and output processing flags: IGNCR drops carriage returns, INLCR
 * turns newlines into carriage returns, ICRNL off keeps them; OPOST off
 * sends output unchanged, OCRNL turns carriage returns into newlines. */
#include "utest_pty.h"

static void set(int fd, tcflag_t iflag, tcflag_t oflag)
{
	struct termios t;

	CHECK_EQ(tcgetattr(fd, &t), 0);
	t.c_iflag = iflag;
	t.c_oflag = oflag;
	t.c_lflag &= ~ECHO;
	CHECK_EQ(tcsetattr(fd, TCSANOW, &t), 0);
}

int main(int argc, char **argv)
{
	char buf[32];
	int m, s;

	utest_begin(argc, argv);
	utest_openpty(&m, &s, O_RDWR | O_NOCTTY);
	set(s, IGNCR | ICRNL, OPOST | ONLCR);
	CHECK_EQ(write(m, "a\rb\n", 4), 4);
	CHECK_EQ(read(s, buf, sizeof(buf)), 3);
	CHECK(!memcmp(buf, "ab\n", 3));
	set(s, INLCR, 0);
	CHECK_EQ(write(m, "c\nd\r", 4), 4);
	CHECK_EQ(write(m, "\x04", 1), 1);	/* \r is no line end without ICRNL */
	CHECK_EQ(read(s, buf, sizeof(buf)), 4);
	CHECK(!memcmp(buf, "c\rd\r", 4));
	CHECK_EQ(write(s, "x\ny", 3), 3);	/* OPOST off: as is */
	CHECK_EQ(utest_read_ready(m, buf, sizeof(buf), 1000), 3);
	CHECK_STR_EQ(buf, "x\ny");
	set(s, 0, OPOST | OCRNL);
	CHECK_EQ(write(s, "r\rs\n", 4), 4);
	CHECK_EQ(utest_read_ready(m, buf, sizeof(buf), 1000), 4);
	CHECK_STR_EQ(buf, "r\ns\n");
	utest_pass();
}
