/* setpriority as an ordinary user: raising its own nice works, lowering it
 * again is EACCES (RLIMIT_NICE is 0), and another user's process is EPERM.
 * PRIO_USER reaches the processes of a real uid. */
#include "utest.h"

int main(int argc, char **argv)
{
	pid_t root_child, pid;
	int hold[2];

	utest_begin(argc, argv);
	CHECK_OK(pipe(hold));	/* root_child lives until the write end closes */
	root_child = utest_fork();
	if (root_child == 0) {
		char c;

		close(hold[1]);
		_exit(read(hold[0], &c, 1) == 0 ? 0 : 1);
	}
	pid = utest_fork();
	if (pid == 0) {
		CHECK_OK(setuid(54321));
		CHECK_OK(setpriority(PRIO_PROCESS, 0, 10));
		CHECK_EQ(syscall(SYS_getpriority, PRIO_PROCESS, 0), 10);
		CHECK_OK(setpriority(PRIO_PROCESS, 0, 10));	/* unchanged: fine */
		CHECK_OK(setpriority(PRIO_PROCESS, 0, 12));
		CHECK_ERR(setpriority(PRIO_PROCESS, 0, 11), EACCES);
		CHECK_EQ(syscall(SYS_getpriority, PRIO_PROCESS, 0), 8);
		/* Reading another user's priority is allowed, changing it is not. */
		CHECK_OK(syscall(SYS_getpriority, PRIO_PROCESS, root_child));
		CHECK_ERR(setpriority(PRIO_PROCESS, root_child, 15), EPERM);
		/* Only this process has uid 54321. */
		CHECK_EQ(syscall(SYS_getpriority, PRIO_USER, 0), 8);
		CHECK_EQ(syscall(SYS_getpriority, PRIO_USER, 54321), 8);
		CHECK_OK(setpriority(PRIO_USER, 54321, 15));
		CHECK_EQ(syscall(SYS_getpriority, PRIO_PROCESS, 0), 5);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	close(hold[1]);
	CHECK_CHILD_EXIT(root_child, 0);
	utest_pass();
}
