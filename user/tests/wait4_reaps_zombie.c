/* A child that exited stays waitable (a zombie) until wait4 reaps it; after
 * that it is gone and waiting again gives ECHILD. */
#include "utest.h"

int main(int argc, char **argv)
{
	struct rusage ru;
	siginfo_t si;
	int st = -1;
	pid_t pid;

	utest_begin(argc, argv);
	pid = utest_fork();
	if (pid == 0)
		_exit(17);
	/* Wait until it is a zombie, without reaping it. */
	CHECK_OK(waitid(P_PID, pid, &si, WEXITED | WNOWAIT));
	CHECK_EQ(getpgid(pid), getpgid(0));
	CHECK_EQ(wait4(-1, &st, 0, &ru), pid);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 17);
	CHECK_ERR(wait4(pid, &st, 0, NULL), ECHILD);
	CHECK_ERR(getpgid(pid), ESRCH);
	utest_pass();
}
