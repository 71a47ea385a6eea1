/* SA_RESETHAND puts SIG_DFL back after one delivery; without SA_NODEFER the
 * signal is blocked in its handler, with it it is not; sa_mask is added.
 * (musl 1.2.3 passes riscv64 Linux an sa_restorer field the kernel does
 * not have, so its sa_mask is lost on Linux too: checked with glibc only.) */
#include "utest.h"

static volatile int blocked_self, blocked_mask;

static void handler(int sig)
{
	sigset_t now;

	sigprocmask(SIG_SETMASK, NULL, &now);
	blocked_self = sigismember(&now, sig);
	blocked_mask = sigismember(&now, SIGHUP);
}

int main(int argc, char **argv)
{
	struct sigaction sa, cur;

	utest_begin(argc, argv);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigaddset(&sa.sa_mask, SIGHUP);
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	CHECK_OK(raise(SIGUSR1));
	CHECK_EQ(blocked_self, 1);
#ifdef __GLIBC__
	CHECK_EQ(blocked_mask, 1);
#endif
	sa.sa_flags = SA_NODEFER | SA_RESETHAND;
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	CHECK_OK(raise(SIGUSR1));
	CHECK_EQ(blocked_self, 0);
	CHECK_OK(sigaction(SIGUSR1, NULL, &cur));
	CHECK(cur.sa_handler == SIG_DFL);
	utest_pass();
}
