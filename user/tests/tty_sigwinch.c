/* Changing a terminal's window size sends SIGWINCH to its foreground
 * group; setting the same size again sends nothing. */
#include "utest_pty.h"

int main(int argc, char **argv)
{
	struct winsize w = { .ws_row = 30, .ws_col = 100 };
	char name[64];
	int m, n;
	pid_t pid;

	utest_begin(argc, argv);
	n = utest_openpty(&m, NULL, 0);
	snprintf(name, sizeof(name), "/dev/pts/%d", n);
	pid = utest_fork();
	if (pid == 0) {
		sigset_t set, pending;

		CHECK_OK(setsid());
		CHECK_OK(open(name, O_RDWR));
		sigemptyset(&set);
		sigaddset(&set, SIGWINCH);
		CHECK_EQ(sigprocmask(SIG_BLOCK, &set, NULL), 0);
		CHECK_EQ(ioctl(m, TIOCSWINSZ, &w), 0);
		CHECK_EQ(sigpending(&pending), 0);
		CHECK(sigismember(&pending, SIGWINCH));
		CHECK_EQ(sigwaitinfo(&set, NULL), SIGWINCH);
		CHECK_EQ(ioctl(m, TIOCSWINSZ, &w), 0);	/* unchanged */
		CHECK_EQ(sigpending(&pending), 0);
		CHECK(!sigismember(&pending, SIGWINCH));
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
