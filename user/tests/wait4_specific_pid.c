/* wait4(pid) waits for that child only, even when another one is still
 * running; wait4(-1) then takes the remaining one. */
#include "utest.h"

int main(int argc, char **argv)
{
	int hold[2], st = -1;
	pid_t slow, fast;

	utest_begin(argc, argv);
	CHECK_OK(pipe(hold));
	slow = utest_fork();
	if (slow == 0) {
		char c;

		close(hold[1]);
		CHECK_EQ(read(hold[0], &c, 1), 0);
		_exit(1);
	}
	fast = utest_fork();
	if (fast == 0)
		_exit(2);
	close(hold[0]);
	CHECK_EQ(wait4(fast, &st, 0, NULL), fast);
	CHECK_EQ(WEXITSTATUS(st), 2);
	CHECK_EQ(wait4(slow, &st, WNOHANG, NULL), 0);
	CHECK_OK(close(hold[1]));
	CHECK_EQ(wait4(-1, &st, 0, NULL), slow);
	CHECK_EQ(WEXITSTATUS(st), 1);
	utest_pass();
}
