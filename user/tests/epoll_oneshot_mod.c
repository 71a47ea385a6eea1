/*
 * EPOLLONESHOT: an entry is reported once, then stays quiet (even with
 * data waiting and more written) until EPOLL_CTL_MOD arms it again; MOD
 * also changes the events and the data reported.
 */
#include "utest.h"
#include <sys/epoll.h>

int main(int argc, char **argv)
{
	int p[2], ep;
	struct epoll_event ev = { 0 }, out[2];

	utest_begin(argc, argv);
	CHECK_OK(pipe(p));
	ep = CHECK_OK(epoll_create1(EPOLL_CLOEXEC));
	CHECK_EQ(fcntl(ep, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	ev.events = EPOLLIN | EPOLLONESHOT;
	ev.data.u64 = 1;
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	CHECK_EQ(write(p[1], "a", 1), 1);
	CHECK_EQ(epoll_wait(ep, out, 2, 0), 1);
	CHECK_EQ(out[0].data.u64, 1);
	/* Disabled: neither the waiting byte nor a new write reports it. */
	CHECK_EQ(epoll_wait(ep, out, 2, 0), 0);
	CHECK_EQ(write(p[1], "b", 1), 1);
	CHECK_EQ(epoll_wait(ep, out, 2, 0), 0);
	/* Still registered: ADD says it exists. */
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), EEXIST);

	/* Re-armed with new data: reported once more. */
	ev.events = EPOLLIN | EPOLLONESHOT;
	ev.data.u64 = 2;
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
	CHECK_EQ(epoll_wait(ep, out, 2, 0), 1);
	CHECK_EQ(out[0].events, EPOLLIN);
	CHECK_EQ(out[0].data.u64, 2);
	CHECK_EQ(epoll_wait(ep, out, 2, 0), 0);

	/* MOD to a plain level-triggered entry: reported each time. */
	ev.events = EPOLLIN;
	ev.data.u64 = 3;
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
	CHECK_EQ(epoll_wait(ep, out, 2, 0), 1);
	CHECK_EQ(epoll_wait(ep, out, 2, 0), 1);
	CHECK_EQ(out[0].data.u64, 3);

	/* MOD to events that do not hold (EPOLLOUT on a read end): quiet. */
	ev.events = EPOLLOUT;
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
	CHECK_EQ(epoll_wait(ep, out, 2, 0), 0);

	/* DEL, then it is gone. */
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL));
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL), ENOENT);
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev), ENOENT);
	utest_pass();
}
