/* waitid needs one of WEXITED, WSTOPPED, WCONTINUED and a known id type
 * (EINVAL); a pid that is not a child gives ECHILD. */
#include "utest.h"

int main(int argc, char **argv)
{
	siginfo_t si;
	pid_t pid;

	utest_begin(argc, argv);
	pid = utest_fork();
	if (pid == 0)
		_exit(0);
	CHECK_ERR(waitid(P_PID, pid, &si, 0), EINVAL);
	CHECK_ERR(waitid(P_PID, pid, &si, WNOHANG), EINVAL);
	CHECK_ERR(syscall(SYS_waitid, 77, pid, &si, WEXITED, NULL), EINVAL);
	CHECK_ERR(syscall(SYS_waitid, P_PID, pid, &si, WEXITED | 0x100, NULL), EINVAL);
	CHECK_ERR(waitid(P_PID, getpid(), &si, WEXITED), ECHILD);
	CHECK_EQ(waitid(P_PID, pid, &si, WEXITED), 0);
	CHECK_EQ(si.si_pid, pid);
	CHECK_ERR(waitid(P_PID, pid, &si, WEXITED), ECHILD);
	utest_pass();
}
