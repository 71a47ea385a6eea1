/* A child killed by a signal is reported by waitid as CLD_KILLED (or
 * CLD_DUMPED) with the signal number, and by wait4 as WIFSIGNALED. */
#include "utest.h"

int main(int argc, char **argv)
{
	siginfo_t si;
	pid_t pid;

	utest_begin(argc, argv);
	pid = utest_fork();
	if (pid == 0) {
		volatile int *volatile bad = UTEST_BAD_PTR;

		*bad = 1;
		_exit(0);
	}
	memset(&si, 0, sizeof(si));
	CHECK_EQ(waitid(P_PID, pid, &si, WEXITED | WNOWAIT), 0);
	CHECK_EQ(si.si_pid, pid);
	CHECK(si.si_code == CLD_KILLED || si.si_code == CLD_DUMPED);
	CHECK_EQ(si.si_status, SIGSEGV);
	CHECK_CHILD_SIGNAL(pid, SIGSEGV);
	utest_pass();
}
