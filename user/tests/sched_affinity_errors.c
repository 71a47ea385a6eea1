/* sched_getaffinity wants a size that is a multiple of a long (EINVAL),
 * sched_setaffinity a set with an allowed CPU (EINVAL); an unknown pid is
 * ESRCH and a bad buffer EFAULT. */
#include "utest.h"

int main(int argc, char **argv)
{
	unsigned long mask[16];
	pid_t dead;

	utest_begin(argc, argv);
	CHECK_ERR(syscall(SYS_sched_getaffinity, 0, 3, mask), EINVAL);
	memset(mask, 0, sizeof(mask));
	CHECK_ERR(syscall(SYS_sched_setaffinity, 0, sizeof(mask), mask), EINVAL);
	CHECK_ERR(syscall(SYS_sched_getaffinity, 0, sizeof(mask), UTEST_BAD_PTR), EFAULT);
	dead = utest_fork();
	if (dead == 0)
		_exit(0);
	CHECK_CHILD_EXIT(dead, 0);
	CHECK_ERR(syscall(SYS_sched_getaffinity, dead, sizeof(mask), mask), ESRCH);
	utest_pass();
}
