/* wait4 fails with ECHILD when the caller has no child to wait for, or the
 * given pid is not its child (a grandchild is not). */
#include "utest.h"

int main(int argc, char **argv)
{
	int st, report[2], hold[2];
	pid_t pid, grandchild = 0;

	utest_begin(argc, argv);
	CHECK_ERR(wait4(-1, &st, 0, NULL), ECHILD);
	CHECK_ERR(wait4(-1, &st, WNOHANG, NULL), ECHILD);
	CHECK_ERR(waitpid(getpid(), &st, 0), ECHILD);
	CHECK_ERR(waitpid(0, &st, 0), ECHILD);
	CHECK_OK(pipe(report));
	CHECK_OK(pipe(hold));
	pid = utest_fork();
	if (pid == 0) {
		pid_t g;

		close(hold[1]);
		g = utest_fork();
		if (g == 0) {
			char c;

			CHECK_EQ(read(hold[0], &c, 1), 0);
			_exit(0);
		}
		CHECK_EQ(write(report[1], &g, sizeof(g)), sizeof(g));
		CHECK_CHILD_EXIT(g, 0);
		_exit(0);
	}
	CHECK_EQ(read(report[0], &grandchild, sizeof(grandchild)), sizeof(grandchild));
	CHECK_ERR(waitpid(grandchild, &st, WNOHANG), ECHILD);
	CHECK_ERR(waitpid(grandchild, &st, 0), ECHILD);
	CHECK_OK(close(hold[1]));
	CHECK_CHILD_EXIT(pid, 0);
	CHECK_ERR(waitpid(pid, &st, 0), ECHILD);
	utest_pass();
}
