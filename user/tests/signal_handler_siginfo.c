/* A handler installed with SA_SIGINFO runs for raise() and sees the signal,
 * the sender's pid and uid, and the code of a thread-directed kill. */
#include "utest.h"

static volatile sig_atomic_t got_sig, got_code, got_pid, got_uid;

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got_sig = sig;
	got_code = si->si_code;
	got_pid = si->si_pid;
	got_uid = (sig_atomic_t)si->si_uid;
}

int main(int argc, char **argv)
{
	struct sigaction sa, old;

	utest_begin(argc, argv);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	CHECK_OK(sigaction(SIGUSR1, NULL, &old));
	CHECK(old.sa_sigaction == handler);
	CHECK(old.sa_flags & SA_SIGINFO);
	CHECK_OK(raise(SIGUSR1));
	CHECK_EQ(got_sig, SIGUSR1);
	CHECK_EQ(got_code, SI_TKILL);
	CHECK_EQ(got_pid, getpid());
	CHECK_EQ(got_uid, (sig_atomic_t)getuid());
	got_sig = 0;
	CHECK_OK(kill(getpid(), SIGUSR1));
	CHECK_EQ(got_sig, SIGUSR1);
	CHECK_EQ(got_code, SI_USER);
	utest_pass();
}
