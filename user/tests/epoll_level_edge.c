/*
 * epoll on a pipe: a level-triggered entry is reported for as long as data
 * waits; an edge-triggered one once per write, until more data arrives.
 */
#include "utest.h"
#include <sys/epoll.h>

static int wait0(int ep, struct epoll_event *ev)
{
	return epoll_wait(ep, ev, 4, 0);
}

int main(int argc, char **argv)
{
	int lt[2], et[2], ep;
	struct epoll_event ev = { 0 }, out[4];
	char buf[8];

	utest_begin(argc, argv);
	CHECK_OK(pipe(lt));
	CHECK_OK(pipe(et));
	ep = CHECK_OK(epoll_create1(0));
	ev.events = EPOLLIN;
	ev.data.u64 = 0x1111222233334444ULL;
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, lt[0], &ev));
	ev.events = EPOLLIN | EPOLLET;
	ev.data.u64 = 7;
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, et[0], &ev));

	/* Nothing written: nothing ready. */
	CHECK_EQ(wait0(ep, out), 0);

	/* Level: reported again and again while the byte waits. */
	CHECK_EQ(write(lt[1], "ab", 2), 2);
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(wait0(ep, out), 1);
		CHECK_EQ(out[0].events, EPOLLIN);
		CHECK_EQ(out[0].data.u64, 0x1111222233334444ULL);
	}
	CHECK_EQ(read(lt[0], buf, 1), 1);
	CHECK_EQ(wait0(ep, out), 1);	/* one byte is left */
	CHECK_EQ(read(lt[0], buf, 1), 1);
	CHECK_EQ(wait0(ep, out), 0);	/* drained */

	/* Edge: once per write, even though the data stays. */
	CHECK_EQ(write(et[1], "x", 1), 1);
	CHECK_EQ(wait0(ep, out), 1);
	CHECK_EQ(out[0].events, EPOLLIN);
	CHECK_EQ(out[0].data.u64, 7);
	CHECK_EQ(wait0(ep, out), 0);
	CHECK_EQ(wait0(ep, out), 0);
	CHECK_EQ(write(et[1], "y", 1), 1);	/* a new edge */
	CHECK_EQ(wait0(ep, out), 1);
	CHECK_EQ(wait0(ep, out), 0);

	/* Hang-up: closing the write end reports EPOLLHUP (never asked for). */
	CHECK_EQ(read(et[0], buf, sizeof(buf)), 2);
	CHECK_OK(close(et[1]));
	CHECK_EQ(wait0(ep, out), 1);
	CHECK_EQ(out[0].events, EPOLLHUP);
	CHECK_EQ(out[0].data.u64, 7);

	/* Reported once only: the edge-triggered hang-up is old news. */
	CHECK_EQ(wait0(ep, out), 0);

	/* Two level-triggered entries ready, one reported per call: they
	 * take turns. */
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_DEL, et[0], NULL));
	CHECK_OK(pipe(et));
	ev.events = EPOLLIN;
	ev.data.u64 = 9;
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, et[0], &ev));
	CHECK_EQ(write(lt[1], "z", 1), 1);
	CHECK_EQ(write(et[1], "z", 1), 1);
	CHECK_EQ(epoll_wait(ep, out, 1, 0), 1);
	{
		unsigned long long first = out[0].data.u64;

		CHECK_EQ(epoll_wait(ep, out, 1, 0), 1);
		CHECK_NE(out[0].data.u64, first);
		CHECK_EQ(epoll_wait(ep, out, 1, 0), 1);
		CHECK_EQ(out[0].data.u64, first);
	}
	CHECK_EQ(epoll_wait(ep, out, 4, 0), 2);
	utest_pass();
}
