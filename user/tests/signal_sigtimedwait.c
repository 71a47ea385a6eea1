/* sigtimedwait takes a blocked pending signal with its info, times out
 * with EAGAIN, and waits for one sent while it sleeps. */
#include "utest.h"

int main(int argc, char **argv)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	siginfo_t si;
	sigset_t set;
	pid_t pid;

	utest_begin(argc, argv);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
	CHECK_ERR(sigtimedwait(&set, &si, &ts), EAGAIN);
	CHECK_OK(sigqueue(getpid(), SIGUSR1, (union sigval){ .sival_int = 9 }));
	CHECK_EQ(sigtimedwait(&set, &si, &ts), SIGUSR1);
	CHECK_EQ(si.si_code, SI_QUEUE);
	CHECK_EQ(si.si_value.sival_int, 9);
	pid = utest_fork();
	if (pid == 0) {
		usleep(50 * 1000);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	ts.tv_sec = 5;
	CHECK_EQ(sigwaitinfo(&set, &si), SIGUSR1);
	CHECK_EQ(si.si_pid, pid);
	CHECK_CHILD_EXIT(pid, 0);
	ts.tv_sec = 0;
	ts.tv_nsec = 1000000000;
	CHECK_ERR(sigtimedwait(&set, &si, &ts), EINVAL);
	utest_pass();
}
