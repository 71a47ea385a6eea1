/* PR_SET_CHILD_SUBREAPER: orphans go to the nearest living ancestor that
 * is a child subreaper instead of init, and it can wait for them. The flag
 * is read back with PR_GET_CHILD_SUBREAPER and is not inherited by fork.
 *
 * me (subreaper) -> a (subreaper) -> b -> c: b exits, so c becomes a's
 * child; then a exits, so c becomes mine. */
#include "utest.h"
#include <sys/prctl.h>

int main(int argc, char **argv)
{
	int pid_pipe[2], go_pipe[2], flag = -1, st;
	pid_t me = getpid(), a, c;
	char go;

	utest_begin(argc, argv);
	CHECK_OK(prctl(PR_GET_CHILD_SUBREAPER, &flag));
	CHECK_EQ(flag, 0);
	CHECK_OK(prctl(PR_SET_CHILD_SUBREAPER, 1));
	CHECK_OK(prctl(PR_GET_CHILD_SUBREAPER, &flag));
	CHECK_EQ(flag, 1);
	CHECK_ERR(syscall(SYS_prctl, PR_GET_CHILD_SUBREAPER, UTEST_BAD_PTR, 0, 0, 0), EFAULT);
	CHECK_OK(pipe(pid_pipe));
	CHECK_OK(pipe(go_pipe));

	a = utest_fork();
	if (a == 0) {
		pid_t b;
		int f = -1;

		CHECK_OK(prctl(PR_GET_CHILD_SUBREAPER, &f));
		CHECK_EQ(f, 0);	/* not inherited */
		CHECK_OK(prctl(PR_SET_CHILD_SUBREAPER, 1));
		b = utest_fork();
		if (b == 0) {
			c = utest_fork();
			if (c == 0) {
				/* c: wait for the word, then check who adopted it. */
				CHECK_EQ(read(go_pipe[0], &go, 1), 1);
				_exit(getppid() == me ? 0 : 1);
			}
			/* b: tell a and me who c is, then orphan it. */
			CHECK_EQ(write(pid_pipe[1], &c, sizeof(c)), (long)sizeof(c));
			CHECK_EQ(write(pid_pipe[1], &c, sizeof(c)), (long)sizeof(c));
			_exit(0);
		}
		CHECK_EQ(read(pid_pipe[0], &c, sizeof(c)), (long)sizeof(c));
		CHECK_CHILD_EXIT(b, 0);
		/* b was reaped, so c has been handed over already: to a. */
		CHECK_EQ(waitpid(c, &st, WNOHANG), 0);
		_exit(0);
	}
	CHECK_CHILD_EXIT(a, 0);
	CHECK_EQ(read(pid_pipe[0], &c, sizeof(c)), (long)sizeof(c));
	/* a is gone: c is mine now, not init's. */
	CHECK_EQ(waitpid(c, &st, WNOHANG), 0);
	CHECK_EQ(write(go_pipe[1], "g", 1), 1);
	CHECK_CHILD_EXIT(c, 0);
	CHECK_ERR(waitpid(-1, &st, WNOHANG), ECHILD);
	utest_pass();
}
