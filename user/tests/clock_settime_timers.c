/* Setting the wall clock moves absolute CLOCK_REALTIME timers and sleeps
 * with it: jumping past their expiry fires a timerfd and wakes a
 * clock_nanosleep at once; jumping back delays them. Relative timers do
 * not move. The clock is put back at the end. Only on Mica: on a Linux
 * host (the oracle) the test must not move the host's clock. */
#include "utest.h"
#include <poll.h>
#include <stdint.h>
#include <sys/timerfd.h>
#include <sys/utsname.h>
#include <time.h>

static struct timespec shift(struct timespec t, long sec)
{
	t.tv_sec += sec;
	return t;
}

/* Move the wall clock by sec seconds. */
static void jump(long sec)
{
	struct timespec now;

	CHECK_OK(clock_gettime(CLOCK_REALTIME, &now));
	CHECK_OK(clock_settime(CLOCK_REALTIME, (struct timespec[]){ shift(now, sec) }));
}

int main(int argc, char **argv)
{
	struct itimerspec its;
	struct timespec now;
	struct pollfd pfd;
	struct utsname u;
	uint64_t n;
	pid_t pid;
	int fd, rel;

	utest_begin(argc, argv);
	CHECK_OK(uname(&u));
	if (!strstr(u.release, "mica"))
		utest_pass();
	CHECK_OK(clock_gettime(CLOCK_REALTIME, &now));
	CHECK_OK(clock_settime(CLOCK_REALTIME, &now));
	fd = CHECK_OK(timerfd_create(CLOCK_REALTIME, 0));
	rel = CHECK_OK(timerfd_create(CLOCK_REALTIME, 0));
	memset(&its, 0, sizeof(its));
	its.it_value = shift(now, 30);
	CHECK_OK(timerfd_settime(fd, TFD_TIMER_ABSTIME, &its, NULL));
	its.it_value.tv_sec = 30;
	its.it_value.tv_nsec = 0;
	CHECK_OK(timerfd_settime(rel, 0, &its, NULL));
	pid = utest_fork();
	if (pid == 0) {
		struct timespec until = shift(now, 30);

		CHECK_EQ(clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &until, NULL), 0);
		_exit(0);
	}
	usleep(100000);
	jump(31);
	pfd.fd = fd;
	pfd.events = POLLIN;
	CHECK_EQ(poll(&pfd, 1, 3000), 1);
	CHECK_EQ(read(fd, &n, sizeof(n)), 8);
	CHECK_EQ(n, 1);
	CHECK_CHILD_EXIT(pid, 0);
	/* The relative one did not move. */
	pfd.fd = rel;
	CHECK_EQ(poll(&pfd, 1, 0), 0);
	CHECK_OK(timerfd_gettime(rel, &its));
	CHECK(its.it_value.tv_sec >= 25);
	jump(-31);

	/* Back: an expiry 1 s ahead moves 60 s away, then returns. */
	CHECK_OK(clock_gettime(CLOCK_REALTIME, &now));
	memset(&its, 0, sizeof(its));
	its.it_value = shift(now, 1);
	CHECK_OK(timerfd_settime(fd, TFD_TIMER_ABSTIME, &its, NULL));
	jump(-60);
	pfd.fd = fd;
	CHECK_EQ(poll(&pfd, 1, 1500), 0);
	jump(60);
	CHECK_EQ(poll(&pfd, 1, 3000), 1);
	CHECK_EQ(read(fd, &n, sizeof(n)), 8);
	close(fd);
	close(rel);
	utest_pass();
}
