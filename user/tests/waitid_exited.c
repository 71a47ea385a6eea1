/* waitid(P_PID, WEXITED) reports an exited child in its siginfo: SIGCHLD,
 * CLD_EXITED, the pid and the exit status; P_ALL takes any child. */
#include "utest.h"

int main(int argc, char **argv)
{
	siginfo_t si;
	pid_t pid;

	utest_begin(argc, argv);
	pid = utest_fork();
	if (pid == 0)
		_exit(7);
	memset(&si, 0, sizeof(si));
	CHECK_EQ(waitid(P_PID, pid, &si, WEXITED), 0);
	CHECK_EQ(si.si_signo, SIGCHLD);
	CHECK_EQ(si.si_code, CLD_EXITED);
	CHECK_EQ(si.si_pid, pid);
	CHECK_EQ(si.si_status, 7);
	CHECK_EQ(si.si_uid, getuid());

	pid = utest_fork();
	if (pid == 0)
		_exit(8);
	memset(&si, 0, sizeof(si));
	CHECK_EQ(waitid(P_ALL, 0, &si, WEXITED), 0);
	CHECK_EQ(si.si_pid, pid);
	CHECK_EQ(si.si_status, 8);
	CHECK_ERR(waitid(P_ALL, 0, &si, WEXITED), ECHILD);
	utest_pass();
}
