/* Setting a pending signal to SIG_IGN discards it, SIGKILL ends a child
 * that blocks everything, and an ignored SIGPIPE turns into EPIPE. */
#include "utest.h"

int main(int argc, char **argv)
{
	sigset_t set, pend;
	int fds[2];
	pid_t pid;

	utest_begin(argc, argv);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
	CHECK_OK(kill(getpid(), SIGUSR1));
	CHECK(signal(SIGUSR1, SIG_IGN) != SIG_ERR);
	CHECK_OK(sigpending(&pend));
	CHECK(!sigismember(&pend, SIGUSR1));

	pid = utest_fork();
	if (pid == 0) {
		sigfillset(&set);
		sigprocmask(SIG_BLOCK, &set, NULL);
		for (;;)
			pause();
	}
	CHECK_OK(kill(pid, SIGKILL));
	CHECK_CHILD_SIGNAL(pid, SIGKILL);

	CHECK(signal(SIGPIPE, SIG_IGN) != SIG_ERR);
	CHECK_OK(pipe(fds));
	CHECK_OK(close(fds[0]));
	CHECK_ERR(write(fds[1], "x", 1), EPIPE);
	utest_pass();
}
