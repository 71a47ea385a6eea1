/* prlimit64 reads and lowers RLIMIT_NOFILE, returning the old value, and
 * agrees with getrlimit; a soft limit above the hard one or an unknown
 * resource is EINVAL, an unknown pid ESRCH. */
#include "utest.h"

struct utest_rlimit64 {
	uint64_t cur, max;
};

int main(int argc, char **argv)
{
	struct utest_rlimit64 old, lim, now;
	struct rlimit rl;
	pid_t dead;

	utest_begin(argc, argv);
	CHECK_EQ(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &old), 0);
	CHECK_EQ(getrlimit(RLIMIT_NOFILE, &rl), 0);
	CHECK_EQ(rl.rlim_cur, old.cur);
	CHECK_EQ(rl.rlim_max, old.max);
	CHECK(old.cur <= old.max);
	CHECK(old.cur >= 64);

	lim.cur = 40;
	lim.max = old.max;
	CHECK_EQ(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &lim, &now), 0);
	CHECK_EQ(now.cur, old.cur);
	CHECK_EQ(syscall(SYS_prlimit64, getpid(), RLIMIT_NOFILE, NULL, &now), 0);
	CHECK_EQ(now.cur, 40);
	CHECK_EQ(getrlimit(RLIMIT_NOFILE, &rl), 0);
	CHECK_EQ(rl.rlim_cur, 40);

	lim.cur = old.max;
	lim.max = 40;
	CHECK_ERR(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &lim, NULL), EINVAL);
	CHECK_ERR(syscall(SYS_prlimit64, 0, 999, NULL, &now), EINVAL);
	CHECK_ERR(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, UTEST_BAD_PTR), EFAULT);

	dead = utest_fork();
	if (dead == 0)
		_exit(0);
	CHECK_CHILD_EXIT(dead, 0);
	CHECK_ERR(syscall(SYS_prlimit64, dead, RLIMIT_NOFILE, NULL, &now), ESRCH);
	utest_pass();
}
