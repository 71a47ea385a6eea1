/* F_SETLKW waits for a conflicting lock, reports EDEADLK when the wait
 * would close a cycle between two processes, and a signal without
 * SA_RESTART ends the wait with EINTR. */
#include "utest.h"

static int lk(int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };

	return fcntl(fd, cmd, &fl);
}

static void on_alarm(int sig) { (void)sig; }

int main(int argc, char **argv)
{
	int fd, p[2];
	char c;
	pid_t pid;
	struct sigaction sa;
	struct flock fl;

	utest_begin(argc, argv);
	fd = CHECK_OK(open(utest_path("f"), O_RDWR | O_CREAT, 0644));
	CHECK_OK(pipe(p));
	CHECK_OK(lk(fd, F_SETLK, F_WRLCK, 0, 1));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		CHECK_OK(lk(fd, F_SETLK, F_WRLCK, 1, 1));
		CHECK_EQ(write(p[1], "x", 1), 1);
		CHECK_OK(lk(fd, F_SETLKW, F_WRLCK, 0, 1));	/* waits for the parent */
		_exit(0);
	}
	CHECK_EQ(read(p[0], &c, 1), 1);
	usleep(200000);	/* time for the child to block on byte 0 */
	CHECK_ERR(lk(fd, F_SETLKW, F_WRLCK, 1, 1), EDEADLK);
	CHECK_OK(lk(fd, F_SETLK, F_UNLCK, 0, 1));	/* lets the child in */
	CHECK_CHILD_EXIT(pid, 0);

	/* A signal ends a wait with EINTR. */
	CHECK_OK(lk(fd, F_SETLK, F_WRLCK, 0, 0));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	CHECK_OK(sigaction(SIGALRM, &sa, NULL));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		alarm(1);
		CHECK_ERR(lk(fd, F_SETLKW, F_RDLCK, 5, 1), EINTR);
		fl = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET };
		CHECK_OK(fcntl(fd, F_GETLK, &fl));
		CHECK_EQ(fl.l_pid, getppid());
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
