/*
 * EPOLLEXCLUSIVE entries of two sets on one pipe: both sets see the data
 * when nobody is waiting in either, and each reports it normally.
 */
#include "utest.h"
#include <sys/epoll.h>

#ifndef EPOLLEXCLUSIVE
#define EPOLLEXCLUSIVE (1U << 28)
#endif

int main(int argc, char **argv)
{
	int p[2], a, b;
	struct epoll_event ev = { .events = EPOLLIN | EPOLLEXCLUSIVE }, out[2];

	utest_begin(argc, argv);
	CHECK_OK(pipe(p));
	a = CHECK_OK(epoll_create1(0));
	b = CHECK_OK(epoll_create1(0));
	ev.data.u32 = 1;
	CHECK_OK(epoll_ctl(a, EPOLL_CTL_ADD, p[0], &ev));
	ev.data.u32 = 2;
	CHECK_OK(epoll_ctl(b, EPOLL_CTL_ADD, p[0], &ev));
	CHECK_EQ(epoll_wait(a, out, 2, 0), 0);
	CHECK_EQ(epoll_wait(b, out, 2, 0), 0);
	CHECK_EQ(write(p[1], "x", 1), 1);
	CHECK_EQ(epoll_wait(a, out, 2, 0), 1);
	CHECK_EQ(out[0].events, EPOLLIN);
	CHECK_EQ(out[0].data.u32, 1);
	CHECK_EQ(epoll_wait(b, out, 2, 0), 1);
	CHECK_EQ(out[0].events, EPOLLIN);
	CHECK_EQ(out[0].data.u32, 2);
	/* Still level-triggered. */
	CHECK_EQ(epoll_wait(a, out, 2, 0), 1);
	utest_pass();
}
