/* A read blocked on an empty pipe is interrupted by a handled signal: it
 * fails with EINTR without SA_RESTART, and is restarted transparently with
 * it (returning the data written after the signal). */
#include "utest.h"

static volatile sig_atomic_t handled;

static void handler(int sig)
{
	(void)sig;
	handled++;
}

/* A child that signals the parent, then (later) writes a byte to fd. */
static pid_t poke(int fd, int write_too)
{
	pid_t parent = getpid();
	pid_t pid = utest_fork();

	if (pid == 0) {
		usleep(100 * 1000);
		kill(parent, SIGUSR1);
		if (write_too) {
			usleep(100 * 1000);
			if (write(fd, "x", 1) != 1)
				_exit(2);
		}
		_exit(0);
	}
	return pid;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	int fds[2];
	char c;
	pid_t pid;

	utest_begin(argc, argv);
	CHECK_OK(pipe(fds));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	pid = poke(fds[1], 0);
	CHECK_ERR(read(fds[0], &c, 1), EINTR);
	CHECK_EQ(handled, 1);
	CHECK_CHILD_EXIT(pid, 0);

	sa.sa_flags = SA_RESTART;
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	pid = poke(fds[1], 1);
	CHECK_EQ(read(fds[0], &c, 1), 1);
	CHECK_EQ(c, 'x');
	CHECK_EQ(handled, 2);
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
