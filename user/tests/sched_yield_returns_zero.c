/* sched_yield always succeeds, also while another process competes. */
#include "utest.h"

int main(int argc, char **argv)
{
	pid_t pid;

	utest_begin(argc, argv);
	for (int i = 0; i < 1000; i++)
		CHECK_EQ(sched_yield(), 0);
	pid = utest_fork();
	if (pid == 0) {
		for (int i = 0; i < 1000; i++)
			if (sched_yield() != 0)
				_exit(1);
		_exit(0);
	}
	for (int i = 0; i < 1000; i++)
		CHECK_EQ(syscall(SYS_sched_yield), 0);
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
