/* clone3 checks its argument block: too small or invalid exit signal or
 * flags give EINVAL, larger than a page gives E2BIG, a bad pointer EFAULT. */
#include "utest.h"

struct utest_clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls, set_tid, set_tid_size;
};

int main(int argc, char **argv)
{
	static char big[8192];
	struct utest_clone_args ca;

	utest_begin(argc, argv);
	memset(&ca, 0, sizeof(ca));
	ca.exit_signal = SIGCHLD;
	CHECK_ERR(syscall(SYS_clone3, &ca, 32), EINVAL);
	CHECK_ERR(syscall(SYS_clone3, &ca, 0), EINVAL);
	CHECK_ERR(syscall(SYS_clone3, big, sizeof(big)), E2BIG);
	CHECK_ERR(syscall(SYS_clone3, UTEST_BAD_PTR, 64), EFAULT);
	ca.exit_signal = 0x100;
	CHECK_ERR(syscall(SYS_clone3, &ca, 64), EINVAL);
	ca.exit_signal = SIGCHLD;
	ca.flags = CLONE_THREAD;
	CHECK_ERR(syscall(SYS_clone3, &ca, 64), EINVAL);
	ca.flags = CLONE_SIGHAND;
	CHECK_ERR(syscall(SYS_clone3, &ca, 64), EINVAL);
	CHECK_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
	utest_pass();
}
