/* A signal with a handler interrupts nanosleep and relative
 * clock_nanosleep with EINTR and the time left in rem (absolute sleeps
 * leave rem alone); a stop and continue without a handler resumes the
 * sleep through restart_syscall, which still lasts as long as asked. */
#include "utest.h"
#include <sys/time.h>
#include <time.h>

static void on_alarm(int sig)
{
	(void)sig;
}

static long long now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long ts_ns(struct timespec ts)
{
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	struct itimerval v = { { 0, 0 }, { 0, 50000 } };
	struct timespec req = { 2, 0 }, rem = { 0, 0 }, abs;
	struct sigaction sa;
	long long t0;
	pid_t pid;

	utest_begin(argc, argv);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	CHECK_OK(sigaction(SIGALRM, &sa, NULL));

	CHECK_OK(setitimer(ITIMER_REAL, &v, NULL));
	CHECK_ERR(nanosleep(&req, &rem), EINTR);
	CHECK_MSG(ts_ns(rem) > 1500000000LL && ts_ns(rem) < 2000000000LL, "rem %lld", ts_ns(rem));

	CHECK_OK(setitimer(ITIMER_REAL, &v, NULL));
	CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, 0, &req, &rem), EINTR);
	CHECK(ts_ns(rem) > 1500000000LL && ts_ns(rem) < 2000000000LL);

	rem.tv_sec = 99;
	CHECK_OK(clock_gettime(CLOCK_MONOTONIC, &abs));
	abs.tv_sec += 2;
	CHECK_OK(setitimer(ITIMER_REAL, &v, NULL));
	CHECK_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, &rem), EINTR);
	CHECK_EQ(rem.tv_sec, 99);

	/* Stopped and continued: the sleep resumes and completes. */
	pid = utest_fork();
	if (pid == 0) {
		struct timespec r = { 0, 300000000L };

		t0 = now();
		CHECK_OK(nanosleep(&r, NULL));
		CHECK(now() - t0 >= 300000000LL);
		_exit(0);
	}
	usleep(50000);
	CHECK_OK(kill(pid, SIGSTOP));
	usleep(50000);
	CHECK_OK(kill(pid, SIGCONT));
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
