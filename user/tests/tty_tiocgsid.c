/* TIOCGSID (tcgetsid) gives the session a terminal controls, and ENOTTY
 * when it is not the caller's controlling terminal. */
#include "utest_pty.h"

int main(int argc, char **argv)
{
	int m, s, sid = -1;
	pid_t pid;

	utest_begin(argc, argv);
	utest_openpty(&m, &s, O_RDWR | O_NOCTTY);
	CHECK_ERR(ioctl(s, TIOCGSID, &sid), ENOTTY);
	pid = utest_fork();
	if (pid == 0) {
		pid_t me = CHECK_OK(setsid());

		CHECK_ERR(ioctl(s, TIOCGSID, &sid), ENOTTY);
		CHECK_EQ(ioctl(s, TIOCSCTTY, 0), 0);
		CHECK_EQ(ioctl(s, TIOCGSID, &sid), 0);
		CHECK_EQ(sid, me);
		sid = -1;
		CHECK_EQ(ioctl(m, TIOCGSID, &sid), 0);	/* through the master too */
		CHECK_EQ(sid, me);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
