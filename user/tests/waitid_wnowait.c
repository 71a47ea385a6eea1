/* waitid with WNOWAIT reports an exited child but leaves it waitable; a
 * later wait4 reaps it. */
#include "utest.h"

int main(int argc, char **argv)
{
	siginfo_t si;
	int st = -1;
	pid_t pid;

	utest_begin(argc, argv);
	pid = utest_fork();
	if (pid == 0)
		_exit(12);
	memset(&si, 0, sizeof(si));
	CHECK_EQ(waitid(P_PID, pid, &si, WEXITED | WNOWAIT), 0);
	CHECK_EQ(si.si_pid, pid);
	CHECK_EQ(si.si_status, 12);
	memset(&si, 0, sizeof(si));
	CHECK_EQ(waitid(P_ALL, 0, &si, WEXITED | WNOWAIT), 0);
	CHECK_EQ(si.si_pid, pid);
	CHECK_EQ(wait4(pid, &st, 0, NULL), pid);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 12);
	CHECK_ERR(wait4(pid, &st, WNOHANG, NULL), ECHILD);
	utest_pass();
}
