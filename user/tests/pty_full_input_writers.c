/* A master writer waiting for the slave to take its input does not hold
 * up the slave's own writes (the slave may write before it reads). */
#include "utest_pty.h"

#define SIZE 16384

int main(int argc, char **argv)
{
	static char buf[SIZE];
	size_t got = 0;
	int m, s;
	pid_t pid;

	utest_begin(argc, argv);
	utest_openpty(&m, &s, O_RDWR | O_NOCTTY);
	utest_tty_raw(s, 1, 0);
	pid = utest_fork();
	if (pid == 0) {
		memset(buf, 'k', SIZE);
		CHECK_EQ(write(m, buf, SIZE), SIZE);	/* more than the input buffer */
		_exit(0);
	}
	usleep(200000);
	CHECK_EQ(write(s, "prompt", 6), 6);
	while (got < SIZE) {
		ssize_t n = CHECK_OK(read(s, buf, sizeof(buf)));

		CHECK(n > 0);
		got += (size_t)n;
	}
	CHECK_EQ(got, (size_t)SIZE);
	CHECK_CHILD_EXIT(pid, 0);
	CHECK_EQ(utest_read_ready(m, buf, sizeof(buf), 1000), 6);
	CHECK_STR_EQ(buf, "prompt");
	utest_pass();
}
