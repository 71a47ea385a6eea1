/* Each blocking call reacts to a handled signal as on Linux: with
 * SA_RESTART, pipe reads and wait4 are restarted, while poll, sigsuspend
 * and a futex wait with a timeout fail with EINTR. */
#include "utest.h"
#include <poll.h>
#include <linux/futex.h>
#include <sys/syscall.h>

static volatile sig_atomic_t handled;
static int pipefd[2];

static void handler(int sig)
{
	(void)sig;
	handled++;
}

/* A child that signals the parent after a while and then, a while later,
 * ends the wait itself (a byte in the pipe, its exit, a futex wake). */
static pid_t poke(void)
{
	pid_t parent = getpid();
	pid_t pid = utest_fork();

	if (pid == 0) {
		usleep(100 * 1000);
		kill(parent, SIGUSR1);
		usleep(100 * 1000);
		if (write(pipefd[1], "x", 1) != 1)
			_exit(2);
		_exit(0);
	}
	return pid;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	struct pollfd pfd;
	sigset_t none;
	int status;
	char c;
	pid_t pid;

	utest_begin(argc, argv);
	CHECK_OK(pipe(pipefd));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sa.sa_flags = SA_RESTART;
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));

	/* read: restarted, then gets the byte. */
	pid = poke();
	CHECK_EQ(read(pipefd[0], &c, 1), 1);
	CHECK_EQ(handled, 1);
	CHECK_CHILD_EXIT(pid, 0);

	/* wait4: restarted, then reaps the child. */
	pid = poke();
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK_EQ(handled, 2);
	CHECK_EQ(read(pipefd[0], &c, 1), 1);

	/* ppoll/poll: EINTR even with SA_RESTART. */
	pid = poke();
	pfd.fd = pipefd[0];
	pfd.events = POLLIN;
	CHECK_ERR(poll(&pfd, 1, 5000), EINTR);
	CHECK_EQ(handled, 3);
	CHECK_CHILD_EXIT(pid, 0);
	CHECK_EQ(read(pipefd[0], &c, 1), 1);

	/* sigsuspend: always EINTR after the handler. */
	pid = poke();
	sigemptyset(&none);
	CHECK_ERR(sigsuspend(&none), EINTR);
	CHECK_EQ(handled, 4);
	CHECK_CHILD_EXIT(pid, 0);
	CHECK_EQ(read(pipefd[0], &c, 1), 1);

	/* A timed futex wait: EINTR once a handler has run. */
	{
		static int word;
		struct timespec ts = { 5, 0 };

		pid = poke();
		CHECK_ERR(syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0), EINTR);
		CHECK_EQ(handled, 5);
		CHECK_CHILD_EXIT(pid, 0);
		CHECK_EQ(read(pipefd[0], &c, 1), 1);
	}
	utest_pass();
}
