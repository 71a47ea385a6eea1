/* SA_NOCLDSTOP keeps SIGCHLD for exits only (a stop sends none), and
 * SA_NOCLDWAIT leaves no zombie to wait for: wait fails with ECHILD once
 * the child is gone. */
#include "utest.h"

static volatile sig_atomic_t chld;

static void on_chld(int sig)
{
	(void)sig;
	chld++;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	int status;
	pid_t pid;

	utest_begin(argc, argv);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_chld;
	sa.sa_flags = SA_NOCLDSTOP | SA_RESTART;
	CHECK_OK(sigaction(SIGCHLD, &sa, NULL));
	pid = utest_fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	CHECK_OK(kill(pid, SIGSTOP));
	CHECK_EQ(waitpid(pid, &status, WUNTRACED), pid);
	CHECK(WIFSTOPPED(status));
	usleep(50 * 1000);
	CHECK_EQ(chld, 0);
	CHECK_OK(kill(pid, SIGKILL));
	CHECK_CHILD_SIGNAL(pid, SIGKILL);
	while (!chld)
		usleep(1000);

	sa.sa_flags = SA_NOCLDWAIT;
	CHECK_OK(sigaction(SIGCHLD, &sa, NULL));
	pid = utest_fork();
	if (pid == 0)
		_exit(5);
	/* Linux's wait sleeps until the child is gone, then finds nothing. */
	CHECK_ERR(waitpid(pid, &status, 0), ECHILD);
	utest_pass();
}
