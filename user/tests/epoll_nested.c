/*
 * Nested epoll: a set inside another is readable (EPOLLIN) while one of its
 * entries is ready, also through poll(); waiting on the outer set wakes on a
 * write to a pipe of the inner one. Cycles are refused with ELOOP.
 */
#include "utest.h"
#include <poll.h>
#include <sys/epoll.h>

int main(int argc, char **argv)
{
	int p[2], inner, mid, outer;
	struct epoll_event ev = { .events = EPOLLIN }, out[2];
	struct pollfd pfd;
	pid_t pid;

	utest_begin(argc, argv);
	CHECK_OK(pipe(p));
	inner = CHECK_OK(epoll_create1(0));
	mid = CHECK_OK(epoll_create1(0));
	outer = CHECK_OK(epoll_create1(0));
	ev.data.u32 = 1;
	CHECK_OK(epoll_ctl(inner, EPOLL_CTL_ADD, p[0], &ev));
	ev.data.u32 = 2;
	CHECK_OK(epoll_ctl(mid, EPOLL_CTL_ADD, inner, &ev));
	ev.data.u32 = 3;
	CHECK_OK(epoll_ctl(outer, EPOLL_CTL_ADD, mid, &ev));

	/* Cycles: the set itself is EINVAL, a longer loop ELOOP. */
	CHECK_ERR(epoll_ctl(inner, EPOLL_CTL_ADD, outer, &ev), ELOOP);
	CHECK_ERR(epoll_ctl(inner, EPOLL_CTL_ADD, mid, &ev), ELOOP);
	CHECK_ERR(epoll_ctl(mid, EPOLL_CTL_ADD, outer, &ev), ELOOP);

	CHECK_EQ(epoll_wait(outer, out, 2, 0), 0);
	pfd = (struct pollfd){ .fd = inner, .events = POLLIN };
	CHECK_EQ(poll(&pfd, 1, 0), 0);

	/* A child writes later; the outer set wakes its waiter. */
	pid = utest_fork();
	if (pid == 0) {
		usleep(100 * 1000);
		if (write(p[1], "x", 1) != 1)
			_exit(2);
		_exit(0);
	}
	CHECK_EQ(epoll_wait(outer, out, 2, 5000), 1);
	CHECK_EQ(out[0].events, EPOLLIN);
	CHECK_EQ(out[0].data.u32, 3);
	CHECK_CHILD_EXIT(pid, 0);
	CHECK_EQ(poll(&pfd, 1, 0), 1);
	CHECK_EQ(pfd.revents, POLLIN);
	CHECK_EQ(epoll_wait(mid, out, 2, 0), 1);
	CHECK_EQ(out[0].data.u32, 2);
	CHECK_EQ(epoll_wait(inner, out, 2, 0), 1);
	CHECK_EQ(out[0].data.u32, 1);

	/* Drained: no level is left at any depth. */
	{
		char c;

		CHECK_EQ(read(p[0], &c, 1), 1);
	}
	CHECK_EQ(epoll_wait(outer, out, 2, 0), 0);
	CHECK_EQ(epoll_wait(mid, out, 2, 0), 0);
	CHECK_EQ(poll(&pfd, 1, 0), 0);

	/* Taking the inner set out of mid makes the loop legal again. */
	CHECK_OK(epoll_ctl(mid, EPOLL_CTL_DEL, inner, NULL));
	CHECK_OK(epoll_ctl(inner, EPOLL_CTL_ADD, outer, &ev));
	utest_pass();
}
