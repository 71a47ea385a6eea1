/* POSIX timers with SIGEV_SIGNAL and SIGEV_THREAD_ID: the signal carries
 * SI_TIMER, the timer id and the sigval; while it waits (blocked), further
 * expiries count as overruns, reported in si_overrun and by
 * timer_getoverrun. */
#include "utest.h"
#include <time.h>

#ifndef sigev_notify_thread_id	/* glibc before 2.35 */
#define sigev_notify_thread_id _sigev_un._tid
#endif

int main(int argc, char **argv)
{
	struct itimerspec its = { { 0, 10000000L }, { 0, 10000000L } };
	struct timespec wait = { 5, 0 }, c0, c1;
	struct sigevent sev;
	siginfo_t si;
	sigset_t set;
	timer_t t;
	int ov;

	utest_begin(argc, argv);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = SIGUSR1;
	sev.sigev_value.sival_int = 4242;
	CHECK_OK(timer_create(CLOCK_MONOTONIC, &sev, &t));
	CHECK_OK(timer_settime(t, 0, &its, NULL));
	usleep(105000);
	CHECK_EQ(sigtimedwait(&set, &si, &wait), SIGUSR1);
	CHECK_EQ(si.si_code, SI_TIMER);
	CHECK_EQ(si.si_value.sival_int, 4242);
	CHECK_MSG(si.si_overrun >= 5 && si.si_overrun <= 11, "overrun %d", si.si_overrun);
	ov = timer_getoverrun(t);
	CHECK_EQ(ov, si.si_overrun);
	/* The next one comes within an interval or two, with few overruns. */
	CHECK_EQ(sigtimedwait(&set, &si, &wait), SIGUSR1);
	CHECK(si.si_overrun <= 3);
	CHECK_OK(timer_delete(t));

	/* To this thread by id. */
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_notify_thread_id = (pid_t)syscall(SYS_gettid);
	sev.sigev_value.sival_int = 77;
	CHECK_OK(timer_create(CLOCK_REALTIME, &sev, &t));
	its.it_interval.tv_nsec = 0;
	CHECK_OK(timer_settime(t, 0, &its, NULL));
	CHECK_EQ(sigtimedwait(&set, &si, &wait), SIGUSR1);
	CHECK_EQ(si.si_code, SI_TIMER);
	CHECK_EQ(si.si_value.sival_int, 77);
	CHECK_EQ(si.si_overrun, 0);
	CHECK_OK(timer_delete(t));

	/* On the process's CPU clock: fires once 20 ms of CPU time are used. */
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_value.sival_int = 99;
	CHECK_OK(timer_create(CLOCK_PROCESS_CPUTIME_ID, &sev, &t));
	its.it_value.tv_nsec = 20000000L;
	CHECK_OK(timer_settime(t, 0, &its, NULL));
	wait.tv_sec = 0;
	CHECK_ERR(sigtimedwait(&set, &si, &wait), EAGAIN);	/* no CPU used yet */
	CHECK_OK(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0));
	do
		CHECK_OK(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1));
	while ((c1.tv_sec - c0.tv_sec) * 1000000000LL + c1.tv_nsec - c0.tv_nsec < 60000000LL);
	wait.tv_sec = 5;
	CHECK_EQ(sigtimedwait(&set, &si, &wait), SIGUSR1);
	CHECK_EQ(si.si_code, SI_TIMER);
	CHECK_EQ(si.si_value.sival_int, 99);
	CHECK_OK(timer_delete(t));
	utest_pass();
}
