/* wait4 with WNOHANG returns 0 while the child runs and its pid once it has
 * exited. */
#include "utest.h"

int main(int argc, char **argv)
{
	int fds[2], st = -1;
	pid_t pid, r;
	char c;

	utest_begin(argc, argv);
	CHECK_OK(pipe(fds));
	pid = utest_fork();
	if (pid == 0) {
		close(fds[1]);
		CHECK_EQ(read(fds[0], &c, 1), 0);
		_exit(3);
	}
	close(fds[0]);
	CHECK_EQ(wait4(pid, &st, WNOHANG, NULL), 0);
	CHECK_EQ(wait4(-1, &st, WNOHANG, NULL), 0);
	CHECK_OK(close(fds[1]));
	do {
		r = CHECK_OK(wait4(pid, &st, WNOHANG, NULL));
		if (r == 0)
			sched_yield();
	} while (r == 0);
	CHECK_EQ(r, pid);
	CHECK(WIFEXITED(st));
	CHECK_EQ(WEXITSTATUS(st), 3);
	utest_pass();
}
