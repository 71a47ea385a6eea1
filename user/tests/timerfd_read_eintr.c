/* A blocking timerfd read is interrupted by a signal: EINTR when the
 * handler lacks SA_RESTART, restarted (and completed by the expiry) with
 * SA_RESTART. */
#include "utest.h"
#include <stdint.h>
#include <sys/time.h>
#include <sys/timerfd.h>

static volatile sig_atomic_t hits;

static void on_alarm(int sig)
{
	(void)sig;
	hits++;
}

int main(int argc, char **argv)
{
	struct itimerval alarm50 = { { 0, 0 }, { 0, 50000 } };
	struct itimerspec its = { { 0, 0 }, { 2, 0 } };
	struct sigaction sa;
	uint64_t n;
	int fd;

	utest_begin(argc, argv);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	CHECK_OK(sigaction(SIGALRM, &sa, NULL));
	fd = CHECK_OK(timerfd_create(CLOCK_MONOTONIC, 0));
	CHECK_OK(timerfd_settime(fd, 0, &its, NULL));
	CHECK_OK(setitimer(ITIMER_REAL, &alarm50, NULL));
	CHECK_ERR(read(fd, &n, sizeof(n)), EINTR);
	CHECK_EQ(hits, 1);

	sa.sa_flags = SA_RESTART;
	CHECK_OK(sigaction(SIGALRM, &sa, NULL));
	its.it_value.tv_sec = 0;
	its.it_value.tv_nsec = 200000000L;
	CHECK_OK(timerfd_settime(fd, 0, &its, NULL));
	CHECK_OK(setitimer(ITIMER_REAL, &alarm50, NULL));
	CHECK_EQ(read(fd, &n, sizeof(n)), 8);
	CHECK_EQ(n, 1);
	CHECK_EQ(hits, 2);
	close(fd);
	utest_pass();
}
