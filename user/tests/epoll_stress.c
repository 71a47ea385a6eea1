/*
 * A stress of one epoll set shared by four processes: two add to an
 * eventfd, one waits on the set and takes the count (every unit arrives
 * exactly once), one keeps adding, modifying, deleting and closing pipes
 * in the same set and polling them, so entries come and go while the
 * others wake and scan.
 */
#include "utest.h"
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

#define ADDS 400

static int ep, efd, res[2];

static void adder(void)
{
	uint64_t one = 1;

	for (int i = 0; i < ADDS; i++)
		if (write(efd, &one, sizeof(one)) != 8)
			_exit(2);
	_exit(0);
}

static void taker(void)
{
	uint64_t total = 0, v;
	struct epoll_event out[4];

	while (total < 2 * ADDS) {
		int n = epoll_wait(ep, out, 4, 5000);

		if (n <= 0)
			_exit(3);
		for (int i = 0; i < n; i++) {
			if (out[i].data.u64 != 1)
				continue;	/* a churned pipe */
			if (read(efd, &v, sizeof(v)) == 8)
				total += v;
			else if (errno != EAGAIN)
				_exit(4);
		}
	}
	if (write(res[1], &total, sizeof(total)) != 8)
		_exit(5);
	_exit(0);
}

static void churner(void)
{
	struct epoll_event ev;

	for (int i = 0; i < 150; i++) {
		int p[2];
		struct pollfd pfd;

		if (pipe(p))
			_exit(6);
		ev = (struct epoll_event){ .events = EPOLLIN | (i & 1 ? EPOLLET : 0), .data.u64 = 2 };
		if (epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev))
			_exit(7);
		ev.events = EPOLLOUT;
		if (epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &ev))
			_exit(8);
		if (write(p[1], "x", 1) != 1)
			_exit(9);
		pfd = (struct pollfd){ .fd = p[0], .events = POLLIN };
		if (poll(&pfd, 1, 1000) != 1)
			_exit(10);
		ev.events = EPOLLIN | EPOLLONESHOT;
		if (epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev))
			_exit(11);
		if (i % 3 == 0 && epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL))
			_exit(12);
		close(p[1]);	/* the entries go with the last close */
		close(p[0]);
	}
	_exit(0);
}

int main(int argc, char **argv)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 1 };
	void (*role[4])(void) = { adder, adder, taker, churner };
	pid_t pid[4];
	uint64_t total = 0;

	utest_begin(argc, argv);
	efd = CHECK_OK(eventfd(0, EFD_NONBLOCK));
	ep = CHECK_OK(epoll_create1(0));
	CHECK_OK(pipe(res));
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev));
	for (int i = 0; i < 4; i++) {
		pid[i] = utest_fork();
		if (pid[i] == 0)
			role[i]();
	}
	for (int i = 0; i < 4; i++)
		CHECK_CHILD_EXIT(pid[i], 0);
	CHECK_EQ(read(res[0], &total, sizeof(total)), 8);
	CHECK_EQ(total, 2 * ADDS);
	/* Every churned entry is gone: only the eventfd is left, now empty. */
	{
		struct epoll_event out[4];

		CHECK_EQ(epoll_wait(ep, out, 4, 0), 0);
	}
	utest_pass();
}
