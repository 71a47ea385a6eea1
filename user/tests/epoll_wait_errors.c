/*
 * epoll_wait and epoll_pwait: timeouts are honoured (within generous
 * bounds), and the errors: EINVAL for maxevents <= 0, a bad sigset size, a
 * non-epoll fd; EBADF; EFAULT for an event buffer that cannot be written
 * (the event stays ready). epoll_pwait2 is epoll_pwait2_timeout's.
 */
#include "utest.h"
#include <sys/epoll.h>
#include <time.h>

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
	sigset_t none;
	long long t0, dt;

	utest_begin(argc, argv);
	sigemptyset(&none);
	CHECK_OK(pipe(p));
	ep = CHECK_OK(epoll_create1(0));
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));

	/* Timeouts with nothing ready. */
	t0 = now_ms();
	CHECK_EQ(epoll_wait(ep, out, 2, 200), 0);
	dt = now_ms() - t0;
	CHECK_MSG(dt >= 190 && dt < 5000, "epoll_wait(200 ms) took %lld ms", dt);
	t0 = now_ms();
	CHECK_EQ(syscall(SYS_epoll_pwait, ep, out, 2, 150, &none, 8), 0);
	dt = now_ms() - t0;
	CHECK_MSG(dt >= 140 && dt < 5000, "epoll_pwait(150 ms) took %lld ms", dt);

	/* Arguments. */
	CHECK_ERR(syscall(SYS_epoll_pwait, ep, out, 0, 0, NULL, 8), EINVAL);
	CHECK_ERR(syscall(SYS_epoll_pwait, ep, out, -1, 0, NULL, 8), EINVAL);
	CHECK_ERR(epoll_wait(-1, out, 2, 0), EBADF);
	CHECK_ERR(epoll_wait(p[0], out, 2, 0), EINVAL);
	CHECK_ERR(syscall(SYS_epoll_pwait, ep, out, 2, 0, &none, 4), EINVAL);
	CHECK_ERR(syscall(SYS_epoll_pwait, ep, out, 2, 0, UTEST_BAD_PTR, 8), EFAULT);

	/* A bad buffer with something ready is EFAULT, and the event is still
	 * there for a good buffer. (With nothing ready Linux returns 0, but
	 * qemu-user checks the buffer first.) */
	CHECK_EQ(write(p[1], "x", 1), 1);
	CHECK_ERR(syscall(SYS_epoll_pwait, ep, UTEST_BAD_PTR, 2, 0, NULL, 8), EFAULT);
	CHECK_EQ(epoll_wait(ep, out, 2, 0), 1);
	CHECK_EQ(out[0].events, EPOLLIN);

	/* Ready at once: a long timeout does not wait. */
	t0 = now_ms();
	CHECK_EQ(epoll_wait(ep, out, 2, 5000), 1);
	CHECK_MSG(now_ms() - t0 < 2000, "epoll_wait waited with an event ready");
	utest_pass();
}
