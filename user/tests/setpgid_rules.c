/* setpgid follows Linux's rules: EACCES for a child that has exec'd, EPERM
 * for a child in another session and for a group that does not exist in the
 * caller's session; a group stays joinable while a member lives. */
#include "utest.h"

int main(int argc, char **argv)
{
	int fds[2];
	char c;
	pid_t a, b;

	if (argc > 2 && !strcmp(argv[1], "execed")) {
		/* Tell the parent the exec happened, then wait to be killed. */
		if (write(atoi(argv[2]), "e", 1) != 1)
			_exit(2);
		for (;;)
			pause();
	}
	utest_begin(argc, argv);
	CHECK_OK(pipe(fds));
	a = utest_fork();
	if (a == 0) {
		char fd[16];

		snprintf(fd, sizeof(fd), "%d", fds[1]);
		execl(utest_self(), utest_self(), "execed", fd, (char *)NULL);
		_exit(3);
	}
	CHECK_EQ(read(fds[0], &c, 1), 1);
	CHECK_ERR(setpgid(a, a), EACCES);
	CHECK_OK(kill(a, SIGKILL));
	CHECK_CHILD_SIGNAL(a, SIGKILL);

	b = utest_fork();
	if (b == 0) {
		if (setsid() < 0)
			_exit(4);
		if (write(fds[1], "s", 1) != 1)
			_exit(5);
		for (;;)
			pause();
	}
	CHECK_EQ(read(fds[0], &c, 1), 1);
	CHECK_ERR(setpgid(b, b), EPERM);
	CHECK_EQ(getsid(b), b);
	CHECK_EQ(getpgid(b), b);
	/* b's group is in another session: we may not join it. */
	CHECK_ERR(setpgid(0, b), EPERM);
	CHECK_OK(kill(b, SIGKILL));
	CHECK_CHILD_SIGNAL(b, SIGKILL);
	CHECK_ERR(setpgid(0, 0x3ffffff0), EPERM);
	CHECK_ERR(setpgid(0, -1), EINVAL);
	CHECK_ERR(setpgid(0x3ffffff0, 0), ESRCH);
	utest_pass();
}
