/* Interval timers deliver their signals: ITIMER_REAL SIGALRM (periodic),
 * ITIMER_VIRTUAL SIGVTALRM and ITIMER_PROF SIGPROF while burning CPU. */
#include "utest.h"
#include <sys/time.h>
#include <time.h>

static volatile sig_atomic_t alrm, vtalrm, prof;

static void on_signal(int sig)
{
	if (sig == SIGALRM)
		alrm++;
	else if (sig == SIGVTALRM)
		vtalrm++;
	else if (sig == SIGPROF)
		prof++;
}

int main(int argc, char **argv)
{
	struct itimerval v = { { 0, 20000 }, { 0, 20000 } }, off = { { 0, 0 }, { 0, 0 } };
	struct sigaction sa;
	volatile unsigned long x = 0;

	utest_begin(argc, argv);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	CHECK_OK(sigaction(SIGALRM, &sa, NULL));
	CHECK_OK(sigaction(SIGVTALRM, &sa, NULL));
	CHECK_OK(sigaction(SIGPROF, &sa, NULL));
	CHECK_OK(setitimer(ITIMER_REAL, &v, NULL));
	while (alrm < 3)
		pause();
	CHECK_OK(setitimer(ITIMER_REAL, &off, NULL));

	CHECK_OK(setitimer(ITIMER_VIRTUAL, &v, NULL));
	CHECK_OK(setitimer(ITIMER_PROF, &v, NULL));
	while (vtalrm < 3 || prof < 3)
		x++;
	CHECK_OK(setitimer(ITIMER_VIRTUAL, &off, NULL));
	CHECK_OK(setitimer(ITIMER_PROF, &off, NULL));
	/* Sleeping raises neither. */
	vtalrm = prof = 0;
	CHECK_OK(setitimer(ITIMER_VIRTUAL, &v, NULL));
	usleep(100000);
	CHECK_EQ(vtalrm, 0);
	CHECK_OK(setitimer(ITIMER_VIRTUAL, &off, NULL));
	utest_pass();
}
