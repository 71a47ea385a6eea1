/* SIGSTOP stops a child and SIGCONT continues it; the parent sees both
 * through waitpid (WUNTRACED, WCONTINUED) and waitid, and SIGCHLD reports
 * them unless SA_NOCLDSTOP is set. */
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
	siginfo_t si;
	int status;
	pid_t pid;

	utest_begin(argc, argv);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_chld;
	sa.sa_flags = SA_RESTART;
	CHECK_OK(sigaction(SIGCHLD, &sa, NULL));
	pid = utest_fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	CHECK_OK(kill(pid, SIGSTOP));
	CHECK_EQ(waitpid(pid, &status, WUNTRACED), pid);
	CHECK(WIFSTOPPED(status));
	CHECK_EQ(WSTOPSIG(status), SIGSTOP);
	/* Reported once only. */
	CHECK_EQ(waitpid(pid, &status, WUNTRACED | WNOHANG), 0);
	CHECK_OK(kill(pid, SIGCONT));
	memset(&si, 0, sizeof(si));
	CHECK_OK(waitid(P_PID, pid, &si, WCONTINUED));
	CHECK_EQ(si.si_pid, pid);
	CHECK_EQ(si.si_code, CLD_CONTINUED);
	CHECK_EQ(si.si_status, SIGCONT);
	while (chld < 2)
		usleep(1000);
	CHECK_OK(kill(pid, SIGKILL));
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFSIGNALED(status));
	CHECK_EQ(WTERMSIG(status), SIGKILL);
	utest_pass();
}
