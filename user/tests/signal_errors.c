/* Bad arguments to the signal calls get Linux's errors. */
#include "utest.h"
#include <sys/syscall.h>

int main(int argc, char **argv)
{
	struct sigaction sa;
	sigset_t set;

	utest_begin(argc, argv);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	CHECK_ERR(sigaction(SIGKILL, &sa, NULL), EINVAL);
	CHECK_ERR(sigaction(SIGSTOP, &sa, NULL), EINVAL);
	CHECK_OK(sigaction(SIGKILL, NULL, &sa));	/* reading is allowed */
	CHECK_ERR(syscall(SYS_rt_sigaction, 65, NULL, NULL, 8), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigaction, 0, NULL, NULL, 8), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigaction, SIGUSR1, NULL, NULL, 4), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigaction, SIGUSR1, UTEST_BAD_PTR, NULL, 8), EFAULT);
	CHECK_ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, NULL, 16), EINVAL);
	sigemptyset(&set);
	CHECK_ERR(syscall(SYS_rt_sigprocmask, 7, &set, NULL, 8), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, UTEST_BAD_PTR, NULL, 8), EFAULT);
	CHECK_ERR(kill(getpid(), 65), EINVAL);
	CHECK_ERR(kill(getpid(), -1), EINVAL);
	CHECK_ERR(kill(0x3ffffff0, SIGUSR1), ESRCH);
	CHECK_OK(kill(getpid(), 0));
	CHECK_ERR(syscall(SYS_tgkill, getpid(), 0, SIGUSR1), EINVAL);
	CHECK_ERR(syscall(SYS_tgkill, getpid() + 100000, getpid() + 100000, 0), ESRCH);
	CHECK_ERR(syscall(SYS_rt_sigsuspend, &set, 4), EINVAL);
	/* SIGKILL and SIGSTOP cannot be blocked: the mask drops them. */
	sigemptyset(&set);
	sigaddset(&set, SIGKILL);
	sigaddset(&set, SIGSTOP);
	sigaddset(&set, SIGUSR1);
	CHECK_OK(sigprocmask(SIG_SETMASK, &set, NULL));
	CHECK_OK(sigprocmask(SIG_SETMASK, NULL, &set));
	CHECK(!sigismember(&set, SIGKILL));
	CHECK(!sigismember(&set, SIGSTOP));
	CHECK(sigismember(&set, SIGUSR1));
	utest_pass();
}
