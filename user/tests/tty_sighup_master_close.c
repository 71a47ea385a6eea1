/* Closing a pty master hangs up the slave: the session leader whose
 * controlling terminal it is gets SIGHUP. */
#include "utest_pty.h"

int main(int argc, char **argv)
{
	char name[64], buf[4];
	int m, n, sync[2], hold[2];
	pid_t pid;

	utest_begin(argc, argv);
	n = utest_openpty(&m, NULL, 0);
	snprintf(name, sizeof(name), "/dev/pts/%d", n);
	CHECK_OK(pipe(sync));
	CHECK_OK(pipe(hold));
	pid = utest_fork();
	if (pid == 0) {
		CHECK_OK(setsid());
		CHECK_OK(open(name, O_RDWR));
		close(m);
		CHECK_EQ(write(sync[1], "r", 1), 1);
		read(hold[0], buf, 1);	/* until SIGHUP ends it */
		_exit(0);
	}
	CHECK_EQ(read(sync[0], buf, 1), 1);
	CHECK_EQ(close(m), 0);
	CHECK_CHILD_SIGNAL(pid, SIGHUP);
	utest_pass();
}
