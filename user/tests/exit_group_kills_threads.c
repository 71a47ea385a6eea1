/* exit_group (what _exit calls) ends every thread of the process: a process
 * whose second thread spins forever still exits with the given status. */
#include "utest.h"

#define FLAGS_THREAD (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | \
		      CLONE_SYSVSEM)

static volatile int started;

static int spin(void *arg)
{
	(void)arg;
	started = 1;
	for (;;)
		syscall(SYS_sched_yield);
	return 0;
}

int main(int argc, char **argv)
{
	pid_t pid;

	utest_begin(argc, argv);
	pid = utest_fork();
	if (pid == 0) {
		size_t sz = 64 * 1024;
		char *stack = malloc(sz);

		CHECK(stack != NULL);
		CHECK(clone(spin, stack + sz, FLAGS_THREAD, NULL) > 0);
		while (!started)
			syscall(SYS_sched_yield);
		syscall(SYS_exit_group, 5);
		_exit(99);
	}
	CHECK_CHILD_EXIT(pid, 5);
	utest_pass();
}
