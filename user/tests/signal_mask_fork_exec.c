/* The signal mask survives fork and exec; exec resets caught signals to
 * SIG_DFL but keeps ignored ones ignored. */
#include "utest.h"

static void handler(int sig)
{
	(void)sig;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	sigset_t set;
	pid_t pid;

	if (argc > 1 && !strcmp(argv[1], "child")) {
		utest_begin(argc, argv);
		CHECK_OK(sigprocmask(SIG_SETMASK, NULL, &set));
		CHECK(sigismember(&set, SIGUSR2));
		CHECK(!sigismember(&set, SIGUSR1));
		CHECK_OK(sigaction(SIGUSR1, NULL, &sa));
		CHECK(sa.sa_handler == SIG_DFL);
		CHECK_OK(sigaction(SIGHUP, NULL, &sa));
		CHECK(sa.sa_handler == SIG_IGN);
		_exit(0);
	}
	utest_begin(argc, argv);
	CHECK(signal(SIGUSR1, handler) != SIG_ERR);
	CHECK(signal(SIGHUP, SIG_IGN) != SIG_ERR);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
	pid = utest_fork();
	if (pid == 0) {
		sigset_t now;

		if (sigprocmask(SIG_SETMASK, NULL, &now) || !sigismember(&now, SIGUSR2))
			_exit(3);
		execl(utest_self_path, utest_self_path, "child", (char *)NULL);
		_exit(4);
	}
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
