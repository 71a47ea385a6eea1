/* getrlimit/setrlimit (the calls, not the libc wrappers, which use
 * prlimit64) agree with prlimit64; raising a hard limit needs root, and
 * a soft limit above the hard one is EINVAL. */
#include "utest.h"
#include <sys/resource.h>
#include <sys/syscall.h>

int main(int argc, char **argv)
{
	struct rlimit rl, got;
	pid_t pid;

	utest_begin(argc, argv);
	CHECK_OK(syscall(SYS_getrlimit, RLIMIT_NOFILE, &rl));
	CHECK_OK(prlimit(0, RLIMIT_NOFILE, NULL, &got));
	CHECK_EQ(rl.rlim_cur, got.rlim_cur);
	CHECK_EQ(rl.rlim_max, got.rlim_max);
	CHECK_ERR(syscall(SYS_getrlimit, 99, &rl), EINVAL);
	CHECK_ERR(syscall(SYS_getrlimit, RLIMIT_NOFILE, UTEST_BAD_PTR), EFAULT);
	rl.rlim_cur = rl.rlim_max + 1;
	CHECK_ERR(syscall(SYS_setrlimit, RLIMIT_NOFILE, &rl), EINVAL);
	pid = utest_fork();
	if (pid == 0) {
		struct rlimit low = { 64, 128 };

		if (syscall(SYS_setrlimit, RLIMIT_NOFILE, &low))
			_exit(2);
		if (setuid(65534))
			_exit(3);
		low.rlim_max = 256;	/* raising the hard limit: root only */
		if (syscall(SYS_setrlimit, RLIMIT_NOFILE, &low) != -1 || errno != EPERM)
			_exit(4);
		low.rlim_max = 100;	/* lowering is allowed */
		if (syscall(SYS_setrlimit, RLIMIT_NOFILE, &low))
			_exit(5);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
