/* A background process group reading its controlling terminal is stopped
 * by SIGTTIN; with SIGTTIN ignored the read fails with EIO instead. */
#include "utest_pty.h"

int main(int argc, char **argv)
{
	char name[64];
	int m, n, status;
	pid_t pid;

	utest_begin(argc, argv);
	n = utest_openpty(&m, NULL, 0);
	snprintf(name, sizeof(name), "/dev/pts/%d", n);
	pid = utest_fork();
	if (pid == 0) {
		char c;
		int fd;
		pid_t bg;

		CHECK_OK(setsid());
		fd = CHECK_OK(open(name, O_RDWR));
		bg = utest_fork();
		if (bg == 0) {
			CHECK_OK(setpgid(0, 0));	/* a background group */
			read(fd, &c, 1);
			_exit(3);
		}
		CHECK_EQ(waitpid(bg, &status, WUNTRACED), bg);
		CHECK(WIFSTOPPED(status));
		CHECK_EQ(WSTOPSIG(status), SIGTTIN);
		kill(bg, SIGKILL);
		waitpid(bg, &status, 0);
		bg = utest_fork();
		if (bg == 0) {
			CHECK_OK(setpgid(0, 0));
			signal(SIGTTIN, SIG_IGN);
			CHECK_ERR(read(fd, &c, 1), EIO);
			_exit(0);
		}
		CHECK_CHILD_EXIT(bg, 0);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
