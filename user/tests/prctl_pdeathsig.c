/* PR_SET_PDEATHSIG: a child asks for a signal when its parent dies; it gets
 * it when the parent exits (here SIGTERM, whose default action kills it).
 * The setting reads back with PR_GET_PDEATHSIG, is cleared in fork
 * children, and signals beyond 64 are EINVAL. The test is a child
 * subreaper, so the orphan comes back to it to be waited for. */
#include "utest.h"
#include <sys/prctl.h>

int main(int argc, char **argv)
{
	int sig = -1, ready[2], st;
	pid_t a, b;

	utest_begin(argc, argv);
	CHECK_OK(prctl(PR_GET_PDEATHSIG, &sig));
	CHECK_EQ(sig, 0);
	CHECK_ERR(prctl(PR_SET_PDEATHSIG, 65), EINVAL);
	CHECK_ERR(syscall(SYS_prctl, PR_GET_PDEATHSIG, UTEST_BAD_PTR, 0, 0, 0), EFAULT);
	CHECK_OK(prctl(PR_SET_PDEATHSIG, SIGUSR1));
	CHECK_OK(prctl(PR_GET_PDEATHSIG, &sig));
	CHECK_EQ(sig, SIGUSR1);
	a = utest_fork();
	if (a == 0) {
		int s = -1;

		CHECK_OK(prctl(PR_GET_PDEATHSIG, &s));
		_exit(s == 0 ? 0 : 1);	/* not inherited */
	}
	CHECK_CHILD_EXIT(a, 0);
	CHECK_OK(prctl(PR_SET_PDEATHSIG, 0));

	CHECK_OK(prctl(PR_SET_CHILD_SUBREAPER, 1));
	CHECK_OK(pipe(ready));
	a = utest_fork();
	if (a == 0) {
		pid_t parent = getpid();

		b = utest_fork();
		if (b == 0) {
			CHECK_OK(prctl(PR_SET_PDEATHSIG, SIGTERM));
			if (getppid() != parent)
				_exit(2);	/* a died before the request: nothing to expect */
			/* One copy of its pid for a, one for the test. */
			for (int i = 0; i < 2; i++)
				CHECK_EQ(write(ready[1], &(pid_t){ getpid() }, sizeof(pid_t)),
					 (long)sizeof(pid_t));
			for (int i = 0; i < 500; i++)
				usleep(10000);	/* SIGTERM ends this */
			_exit(3);
		}
		CHECK_EQ(read(ready[0], &b, sizeof(b)), (long)sizeof(b));
		_exit(0);	/* b gets SIGTERM now */
	}
	CHECK_EQ(read(ready[0], &b, sizeof(b)), (long)sizeof(b));
	CHECK_CHILD_EXIT(a, 0);
	CHECK_CHILD_SIGNAL(b, SIGTERM);
	CHECK_ERR(waitpid(-1, &st, WNOHANG), ECHILD);
	utest_pass();
}
