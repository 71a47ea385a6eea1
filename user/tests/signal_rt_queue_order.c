/* Real-time signals queue every instance with its value and are taken in
 * order: lower numbers first, standard signals before real-time ones, and
 * the instances of one signal in the order they were sent. */
#include "utest.h"

int main(int argc, char **argv)
{
	static const struct { int off, value; } want[] = { { -1, 0 }, { 0, 2 }, { 0, 3 }, { 1, 1 } };
	siginfo_t si;
	sigset_t set;
	int lo = SIGRTMIN, hi = SIGRTMIN + 1;

	utest_begin(argc, argv);
	sigemptyset(&set);
	sigaddset(&set, lo);
	sigaddset(&set, hi);
	sigaddset(&set, SIGUSR2);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
	CHECK_OK(sigqueue(getpid(), hi, (union sigval){ .sival_int = 1 }));
	CHECK_OK(sigqueue(getpid(), lo, (union sigval){ .sival_int = 2 }));
	CHECK_OK(sigqueue(getpid(), lo, (union sigval){ .sival_int = 3 }));
	CHECK_OK(kill(getpid(), SIGUSR2));
	for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		int sig = want[i].off < 0 ? SIGUSR2 : lo + want[i].off;

		CHECK_EQ(sigwaitinfo(&set, &si), sig);
		if (want[i].off >= 0) {
			CHECK_EQ(si.si_code, SI_QUEUE);
			CHECK_EQ(si.si_value.sival_int, want[i].value);
		}
	}
	utest_pass();
}
