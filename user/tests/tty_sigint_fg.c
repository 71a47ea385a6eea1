/* ^C typed on a terminal sends SIGINT to its foreground process group
 * (here a session leader blocked reading it) and echoes "^C". */
#include "utest_pty.h"

int main(int argc, char **argv)
{
	char name[64], buf[64];
	int m, n, sync[2];
	pid_t pid;

	utest_begin(argc, argv);
	n = utest_openpty(&m, NULL, 0);
	snprintf(name, sizeof(name), "/dev/pts/%d", n);
	CHECK_OK(pipe(sync));
	pid = utest_fork();
	if (pid == 0) {
		int fd;

		CHECK_OK(setsid());
		fd = CHECK_OK(open(name, O_RDWR));
		CHECK_EQ(write(sync[1], "r", 1), 1);
		read(fd, buf, sizeof(buf));	/* interrupted by SIGINT */
		_exit(0);
	}
	CHECK_EQ(read(sync[0], buf, 1), 1);
	usleep(100000);
	CHECK_EQ(write(m, "\x03", 1), 1);
	CHECK_CHILD_SIGNAL(pid, SIGINT);
	CHECK_EQ(utest_read_ready(m, buf, sizeof(buf), 1000), 2);
	CHECK_STR_EQ(buf, "^C");
	utest_pass();
}
