/* A new pty slave starts with Linux's default termios (ICRNL IXON, OPOST
 * ONLCR, B38400 CS8 CREAD, ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE
 * IEXTEN, ^C ^\ DEL ^U ^D...), and TCSETSF drops pending input. */
#include "utest_pty.h"

int main(int argc, char **argv)
{
	struct termios t;
	char buf[16];
	int m, s;

	utest_begin(argc, argv);
	utest_openpty(&m, &s, O_RDWR | O_NOCTTY | O_NONBLOCK);
	CHECK_EQ(tcgetattr(s, &t), 0);
	CHECK_EQ(t.c_iflag, (tcflag_t)(ICRNL | IXON));
	CHECK_EQ(t.c_oflag, (tcflag_t)(OPOST | ONLCR));
	CHECK_EQ(t.c_cflag, (tcflag_t)(B38400 | CS8 | CREAD));
	CHECK_EQ(t.c_lflag, (tcflag_t)(ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE |
				      IEXTEN));
	CHECK_EQ(t.c_cc[VINTR], 3);
	CHECK_EQ(t.c_cc[VQUIT], 034);
	CHECK_EQ(t.c_cc[VERASE], 0177);
	CHECK_EQ(t.c_cc[VKILL], 025);
	CHECK_EQ(t.c_cc[VEOF], 4);
	CHECK_EQ(t.c_cc[VMIN], 1);
	CHECK_EQ(t.c_cc[VTIME], 0);
	CHECK_EQ(t.c_cc[VSUSP], 032);
	CHECK_EQ(t.c_cc[VWERASE], 027);
	CHECK_EQ(t.c_cc[VLNEXT], 026);
	CHECK_EQ(cfgetospeed(&t), B38400);
	CHECK_EQ(write(m, "lost\n", 5), 5);
	CHECK_EQ(poll(&(struct pollfd){ .fd = s, .events = POLLIN }, 1, 1000), 1);
	CHECK_EQ(tcsetattr(s, TCSAFLUSH, &t), 0);
	CHECK_ERR(read(s, buf, sizeof(buf)), EAGAIN);
	CHECK_EQ(tcflush(s, 7), -1);
	CHECK_EQ(errno, EINVAL);
	CHECK_EQ(write(m, "kept\n", 5), 5);
	CHECK_EQ(tcflush(s, TCOFLUSH), 0);
	CHECK_EQ(read(s, buf, sizeof(buf)), 5);
	utest_pass();
}
