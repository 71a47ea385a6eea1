/* timerfd_gettime reports the time left and the interval; settime hands
 * back the old setting; an absolute CLOCK_REALTIME expiry works. */
#include "utest.h"
#include <poll.h>
#include <stdint.h>
#include <sys/timerfd.h>
#include <time.h>

static long long ts_ns(struct timespec ts)
{
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	struct itimerspec its = { { 0, 250000000L }, { 2, 0 } }, cur, old;
	struct timespec now;
	struct pollfd pfd;
	uint64_t n;
	int fd;

	utest_begin(argc, argv);
	fd = CHECK_OK(timerfd_create(CLOCK_MONOTONIC, 0));
	CHECK_OK(timerfd_gettime(fd, &cur));
	CHECK(ts_ns(cur.it_value) == 0 && ts_ns(cur.it_interval) == 0);
	CHECK_OK(timerfd_settime(fd, 0, &its, &old));
	CHECK(ts_ns(old.it_value) == 0 && ts_ns(old.it_interval) == 0);
	usleep(100000);
	CHECK_OK(timerfd_gettime(fd, &cur));
	CHECK_MSG(ts_ns(cur.it_value) > 500000000LL && ts_ns(cur.it_value) <= 1900000000LL,
		  "left %lld", ts_ns(cur.it_value));
	CHECK_EQ(ts_ns(cur.it_interval), 250000000LL);
	/* Re-arming hands back the old setting. */
	its.it_value.tv_sec = 5;
	CHECK_OK(timerfd_settime(fd, 0, &its, &old));
	CHECK(ts_ns(old.it_value) > 500000000LL && ts_ns(old.it_value) <= 1900000000LL);
	CHECK_EQ(ts_ns(old.it_interval), 250000000LL);
	close(fd);

	/* Absolute on the wall clock, 50 ms from now. */
	fd = CHECK_OK(timerfd_create(CLOCK_REALTIME, 0));
	CHECK_OK(clock_gettime(CLOCK_REALTIME, &now));
	memset(&its, 0, sizeof(its));
	its.it_value.tv_sec = now.tv_sec + (now.tv_nsec + 50000000L) / 1000000000L;
	its.it_value.tv_nsec = (now.tv_nsec + 50000000L) % 1000000000L;
	CHECK_OK(timerfd_settime(fd, TFD_TIMER_ABSTIME, &its, NULL));
	CHECK_OK(timerfd_gettime(fd, &cur));
	CHECK(ts_ns(cur.it_value) > 0 && ts_ns(cur.it_value) <= 50000000LL);
	pfd.fd = fd;
	pfd.events = POLLIN;
	CHECK_EQ(poll(&pfd, 1, 5000), 1);
	CHECK_EQ(read(fd, &n, sizeof(n)), 8);
	CHECK_EQ(n, 1);
	/* Expired one-shot: zero left. */
	CHECK_OK(timerfd_gettime(fd, &cur));
	CHECK(ts_ns(cur.it_value) == 0);
	/* Absolute in the past: expired at once. */
	its.it_value.tv_sec = 1;
	its.it_value.tv_nsec = 0;
	CHECK_OK(timerfd_settime(fd, TFD_TIMER_ABSTIME, &its, NULL));
	CHECK_EQ(read(fd, &n, sizeof(n)), 8);
	CHECK_EQ(n, 1);
	close(fd);
	utest_pass();
}
