/* A child's exit sends SIGCHLD to the parent with CLD_EXITED, the child's
 * pid and exit code; sigsuspend waits for it with the signal unblocked. */
#include "utest.h"

static volatile sig_atomic_t got, code, status, from;

static void on_chld(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	got++;
	code = si->si_code;
	status = si->si_status;
	from = si->si_pid;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	sigset_t block, empty;
	pid_t pid;

	utest_begin(argc, argv);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_chld;
	sa.sa_flags = SA_SIGINFO;
	CHECK_OK(sigaction(SIGCHLD, &sa, NULL));
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	CHECK_OK(sigprocmask(SIG_BLOCK, &block, NULL));
	pid = utest_fork();
	if (pid == 0)
		_exit(7);
	sigemptyset(&empty);
	while (!got)
		CHECK_ERR(sigsuspend(&empty), EINTR);
	CHECK_EQ(code, CLD_EXITED);
	CHECK_EQ(status, 7);
	CHECK_EQ(from, pid);
	CHECK_CHILD_EXIT(pid, 7);
	utest_pass();
}
