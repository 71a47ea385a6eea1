/* A blocked signal stays pending (sigpending shows it) and its handler runs
 * as soon as it is unblocked, before sigprocmask returns; a standard signal
 * sent twice while blocked is delivered once. */
#include "utest.h"

static volatile sig_atomic_t count;

static void handler(int sig)
{
	(void)sig;
	count++;
}

int main(int argc, char **argv)
{
	sigset_t set, pend;

	utest_begin(argc, argv);
	CHECK(signal(SIGUSR2, handler) != SIG_ERR);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
	CHECK_OK(kill(getpid(), SIGUSR2));
	CHECK_OK(kill(getpid(), SIGUSR2));
	CHECK_EQ(count, 0);
	CHECK_OK(sigpending(&pend));
	CHECK(sigismember(&pend, SIGUSR2));
	CHECK(!sigismember(&pend, SIGUSR1));
	CHECK_OK(sigprocmask(SIG_UNBLOCK, &set, NULL));
	CHECK_EQ(count, 1);
	CHECK_OK(sigpending(&pend));
	CHECK(!sigismember(&pend, SIGUSR2));
	utest_pass();
}
