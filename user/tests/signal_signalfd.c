/* signalfd reads blocked signals as signalfd_siginfo records (with the
 * sender and the queued value), poll sees them, a non-blocking read of an
 * empty one fails with EAGAIN, and a blocking read waits for a signal. */
#include "utest.h"
#include <poll.h>
#include <sys/signalfd.h>

int main(int argc, char **argv)
{
	struct signalfd_siginfo rec[2];
	struct pollfd pfd;
	sigset_t set;
	int fd;
	pid_t pid;

	utest_begin(argc, argv);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGRTMIN);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
	fd = CHECK_OK(signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC));
	CHECK_ERR(read(fd, rec, sizeof(rec)), EAGAIN);
	CHECK_ERR(read(fd, rec, sizeof(rec[0]) - 1), EINVAL);
	pfd.fd = fd;
	pfd.events = POLLIN;
	CHECK_EQ(poll(&pfd, 1, 0), 0);
	CHECK_OK(kill(getpid(), SIGUSR1));
	CHECK_OK(sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = 77 }));
	CHECK_EQ(poll(&pfd, 1, 0), 1);
	CHECK_EQ(read(fd, rec, sizeof(rec)), (ssize_t)sizeof(rec));
	CHECK_EQ(rec[0].ssi_signo, SIGUSR1);
	CHECK_EQ(rec[0].ssi_code, SI_USER);
	CHECK_EQ(rec[0].ssi_pid, (unsigned)getpid());
	CHECK_EQ(rec[1].ssi_signo, (unsigned)SIGRTMIN);
	CHECK_EQ(rec[1].ssi_code, SI_QUEUE);
	CHECK_EQ(rec[1].ssi_int, 77);
	CHECK_ERR(read(fd, rec, sizeof(rec)), EAGAIN);
	CHECK_ERR(signalfd(0x7fff, &set, 0), EBADF);
	CHECK_ERR(signalfd(0, &set, 0), EINVAL);	/* not a signalfd */
	CHECK_OK(close(fd));

	fd = CHECK_OK(signalfd(-1, &set, 0));
	pid = utest_fork();
	if (pid == 0) {
		usleep(50 * 1000);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	CHECK_EQ(read(fd, rec, sizeof(rec)), (ssize_t)sizeof(rec[0]));
	CHECK_EQ(rec[0].ssi_signo, SIGUSR1);
	CHECK_EQ(rec[0].ssi_pid, (unsigned)pid);
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
