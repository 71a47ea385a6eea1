/* Writing to a pipe whose read end is closed everywhere raises SIGPIPE,
 * which by default kills the writer. */
#include "utest.h"

int main(int argc, char **argv)
{
	int p[2];
	pid_t pid;

	utest_begin(argc, argv);
	CHECK_OK(pipe(p));
	CHECK_OK(close(p[0]));
	pid = utest_fork();
	if (pid == 0) {
		(void)!write(p[1], "x", 1);
		_exit(0);
	}
	CHECK_OK(close(p[1]));
	CHECK_CHILD_SIGNAL(pid, SIGPIPE);
	utest_pass();
}
