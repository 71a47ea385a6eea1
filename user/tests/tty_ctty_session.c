/* Controlling terminals: a session leader opening a slave without O_NOCTTY
 * gets it as its terminal; TIOCSCTTY, TIOCGPGRP/TIOCSPGRP and TIOCGSID work
 * for the session and fail with ENOTTY (not its terminal) or EPERM (a group
 * of another session) otherwise; /dev/tty opens the caller's terminal.
 * (TIOCGSID is checked in tty_tiocgsid: qemu-user mistranslates it.) */
#include "utest_pty.h"

int main(int argc, char **argv)
{
	pid_t pid, outsider = getpgrp();
	char name[64];
	int m, s, fd, n;

	utest_begin(argc, argv);
	n = utest_openpty(&m, &s, O_RDWR | O_NOCTTY);
	snprintf(name, sizeof(name), "/dev/pts/%d", n);
	CHECK_ERR(tcgetpgrp(s), ENOTTY);	/* not our terminal */

	pid = utest_fork();
	if (pid == 0) {
		pid_t me = CHECK_OK(setsid());

		fd = CHECK_OK(open(name, O_RDWR));	/* no O_NOCTTY: becomes ours */
		CHECK_EQ(getsid(0), me);
		CHECK_EQ(tcgetpgrp(fd), me);
		CHECK_EQ(tcgetpgrp(s), me);	/* any descriptor of it */
		CHECK_EQ(ioctl(fd, TIOCSCTTY, 0), 0);	/* already ours */
		CHECK_EQ(tcsetpgrp(fd, me), 0);
		CHECK_ERR(tcsetpgrp(fd, outsider), EPERM);
		CHECK_EQ(close(CHECK_OK(open("/dev/tty", O_RDWR))), 0);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);

	pid = utest_fork();
	if (pid == 0) {
		pid_t me = CHECK_OK(setsid());

		CHECK_ERR(open("/dev/tty", O_RDWR), ENXIO);
		fd = CHECK_OK(open(name, O_RDWR | O_NOCTTY));
		CHECK_ERR(tcgetpgrp(fd), ENOTTY);
		CHECK_EQ(ioctl(fd, TIOCSCTTY, 0), 0);
		CHECK_EQ(tcgetpgrp(fd), me);
		signal(SIGHUP, SIG_IGN);	/* a leader's TIOCNOTTY hangs up its group */
		CHECK_EQ(ioctl(fd, TIOCNOTTY), 0);
		CHECK_ERR(tcgetpgrp(fd), ENOTTY);
		/* A process that is not a session leader cannot take one. */
		if (utest_fork() == 0) {
			CHECK_ERR(ioctl(fd, TIOCSCTTY, 0), EPERM);
			_exit(0);
		}
		CHECK_EQ(wait(NULL) > 0, 1);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
