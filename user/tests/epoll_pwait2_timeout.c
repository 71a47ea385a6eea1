/*
 * epoll_pwait2: a timespec timeout (NULL: forever) is honoured within
 * generous bounds, {0, 0} polls, a ready event returns at once; a bad
 * timespec is EINVAL (or EFAULT), checked before the sigset size.
 */
#include "utest.h"
#include <sys/epoll.h>
#include <time.h>

#ifndef SYS_epoll_pwait2
#define SYS_epoll_pwait2 441
#endif

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	int p[2], ep;
	struct epoll_event ev = { .events = EPOLLIN }, out[2];
	struct timespec ts;
	sigset_t none;
	long long t0, dt;

	utest_begin(argc, argv);
	sigemptyset(&none);
	CHECK_OK(pipe(p));
	ep = CHECK_OK(epoll_create1(0));
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));

	ts = (struct timespec){ 0, 120 * 1000 * 1000 };
	t0 = now_ms();
	CHECK_EQ(syscall(SYS_epoll_pwait2, ep, out, 2, &ts, &none, 8), 0);
	dt = now_ms() - t0;
	CHECK_MSG(dt >= 110 && dt < 5000, "epoll_pwait2(120 ms) took %lld ms", dt);
	/* The timespec is not written back. */
	CHECK_EQ(ts.tv_sec, 0);
	CHECK_EQ(ts.tv_nsec, 120 * 1000 * 1000);
	ts = (struct timespec){ 0, 0 };
	CHECK_EQ(syscall(SYS_epoll_pwait2, ep, out, 2, &ts, NULL, 8), 0);

	ts = (struct timespec){ 0, 1000000000 };
	CHECK_ERR(syscall(SYS_epoll_pwait2, ep, out, 2, &ts, NULL, 8), EINVAL);
	ts = (struct timespec){ -1, 0 };
	CHECK_ERR(syscall(SYS_epoll_pwait2, ep, out, 2, &ts, NULL, 8), EINVAL);
	CHECK_ERR(syscall(SYS_epoll_pwait2, ep, out, 2, UTEST_BAD_PTR, &none, 4), EFAULT);
	ts = (struct timespec){ 0, 0 };
	CHECK_ERR(syscall(SYS_epoll_pwait2, ep, out, 2, &ts, &none, 4), EINVAL);
	CHECK_ERR(syscall(SYS_epoll_pwait2, ep, out, 0, &ts, NULL, 8), EINVAL);

	/* Ready: returns at once even with no timeout at all. */
	CHECK_EQ(write(p[1], "x", 1), 1);
	t0 = now_ms();
	CHECK_EQ(syscall(SYS_epoll_pwait2, ep, out, 2, NULL, NULL, 8), 1);
	CHECK_MSG(now_ms() - t0 < 2000, "epoll_pwait2 waited with an event ready");
	CHECK_EQ(out[0].events, EPOLLIN);
	utest_pass();
}
