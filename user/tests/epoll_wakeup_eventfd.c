/*
 * One process blocks in epoll_wait on an eventfd of a set it shares with
 * another, which writes the eventfd: the waiter wakes with the event and
 * reads the count. Then two waiters on one set, two writes: each takes one.
 * (Processes for now: epoll_thread_eventfd does the same with threads once
 * musl's pthread_create works on Mica.)
 */
#include "utest.h"
#include <sys/epoll.h>
#include <sys/eventfd.h>

static int ep, efd, res[2];

/* Wait for the event, read the count, send it up the pipe. */
static void waiter(void)
{
	struct epoll_event out[2];
	uint64_t v = 0;
	int n = epoll_wait(ep, out, 2, 8000);

	if (n != 1 || out[0].events != EPOLLIN || out[0].data.u64 != 42)
		_exit(2);
	if (read(efd, &v, sizeof(v)) != 8)
		_exit(3);
	if (write(res[1], &v, sizeof(v)) != 8)
		_exit(4);
	_exit(0);
}

int main(int argc, char **argv)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 42 };
	uint64_t v, got[2];
	pid_t pid[2];

	utest_begin(argc, argv);
	efd = CHECK_OK(eventfd(0, 0));
	ep = CHECK_OK(epoll_create1(0));
	CHECK_OK(pipe(res));
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev));

	pid[0] = utest_fork();
	if (pid[0] == 0)
		waiter();
	usleep(100 * 1000);	/* let it block */
	v = 5;
	CHECK_EQ(write(efd, &v, sizeof(v)), 8);
	CHECK_CHILD_EXIT(pid[0], 0);
	CHECK_EQ(read(res[0], &got[0], 8), 8);
	CHECK_EQ(got[0], 5);

	/* Two waiters, two writes, the second after the first was taken. */
	for (int i = 0; i < 2; i++) {
		pid[i] = utest_fork();
		if (pid[i] == 0)
			waiter();
	}
	usleep(100 * 1000);
	v = 1;
	CHECK_EQ(write(efd, &v, sizeof(v)), 8);
	CHECK_EQ(read(res[0], &got[0], 8), 8);
	v = 2;
	CHECK_EQ(write(efd, &v, sizeof(v)), 8);
	CHECK_EQ(read(res[0], &got[1], 8), 8);
	CHECK_CHILD_EXIT(pid[0], 0);
	CHECK_CHILD_EXIT(pid[1], 0);
	CHECK_EQ(got[0], 1);
	CHECK_EQ(got[1], 2);
	utest_pass();
}
