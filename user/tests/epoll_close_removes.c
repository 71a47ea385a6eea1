/*
 * An epoll entry belongs to the open file description: closing one fd of a
 * dup'ed file keeps it (events still come, with the data given at ADD);
 * closing the last removes it from the set.
 */
#include "utest.h"
#include <sys/epoll.h>

int main(int argc, char **argv)
{
	int p[2], q[2], ep, d;
	struct epoll_event ev = { .events = EPOLLOUT }, out[4];

	utest_begin(argc, argv);
	CHECK_OK(pipe(p));
	CHECK_OK(pipe(q));
	ep = CHECK_OK(epoll_create1(0));
	ev.data.u32 = 10;
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &ev));
	ev.data.u32 = 20;
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, q[1], &ev));
	CHECK_EQ(epoll_wait(ep, out, 4, 0), 2);

	/* The only fd of q's write end: the entry goes with it. */
	CHECK_OK(close(q[1]));
	CHECK_EQ(epoll_wait(ep, out, 4, 0), 1);
	CHECK_EQ(out[0].data.u32, 10);

	/* p's write end lives on in a dup: still reported, under the old fd's
	 * data; the closed fd can no longer name it. */
	d = CHECK_OK(dup(p[1]));
	CHECK_OK(close(p[1]));
	CHECK_EQ(epoll_wait(ep, out, 4, 0), 1);
	CHECK_EQ(out[0].events, EPOLLOUT);
	CHECK_EQ(out[0].data.u32, 10);
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL), EBADF);
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_DEL, d, NULL), ENOENT);
	CHECK_OK(close(d));
	CHECK_EQ(epoll_wait(ep, out, 4, 0), 0);

	/* A child's copy keeps the description alive until the child exits. */
	CHECK_OK(pipe(p));
	ev.data.u32 = 30;
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &ev));
	{
		int go[2];
		pid_t pid;
		char c;

		CHECK_OK(pipe(go));
		pid = utest_fork();
		if (pid == 0) {
			close(go[1]);
			if (read(go[0], &c, 1) < 0)
				_exit(2);
			_exit(0);
		}
		CHECK_OK(close(go[0]));
		CHECK_OK(close(p[1]));
		CHECK_EQ(epoll_wait(ep, out, 4, 0), 1);
		CHECK_EQ(out[0].data.u32, 30);
		CHECK_OK(close(go[1]));
		CHECK_CHILD_EXIT(pid, 0);
		CHECK_EQ(epoll_wait(ep, out, 4, 0), 0);
	}

	/* Closing the set itself while it holds entries is fine too. */
	CHECK_OK(pipe(p));
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	CHECK_OK(close(ep));
	CHECK_EQ(write(p[1], "x", 1), 1);
	utest_pass();
}
