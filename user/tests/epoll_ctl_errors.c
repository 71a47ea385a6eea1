/*
 * epoll_create1 and epoll_ctl errors, as Linux returns them: bad flags,
 * EBADF, EINVAL (not an epoll fd, the set itself, a bad op, EPOLLEXCLUSIVE
 * misuse), EPERM for a regular file, EEXIST, ENOENT, EFAULT; and that
 * EPOLLEXCLUSIVE is accepted where Linux accepts it.
 */
#include "utest.h"
#include <sys/epoll.h>

#ifndef EPOLLEXCLUSIVE
#define EPOLLEXCLUSIVE (1U << 28)
#endif

static long ctl(int ep, int op, int fd, void *ev)
{
	return syscall(SYS_epoll_ctl, ep, op, fd, ev);
}

int main(int argc, char **argv)
{
	int p[2], ep, ep2, reg;
	struct epoll_event ev = { .events = EPOLLIN };

	utest_begin(argc, argv);
	CHECK_ERR(epoll_create1(1), EINVAL);
	CHECK_ERR(epoll_create1(O_NONBLOCK), EINVAL);
	ep = CHECK_OK(epoll_create1(0));
	ep2 = CHECK_OK(epoll_create1(0));
	CHECK_OK(pipe(p));
	reg = CHECK_OK(open(utest_path("f"), O_RDWR | O_CREAT, 0644));

	CHECK_ERR(ctl(-1, EPOLL_CTL_ADD, p[0], &ev), EBADF);
	CHECK_ERR(ctl(ep, EPOLL_CTL_ADD, 999, &ev), EBADF);
	CHECK_ERR(ctl(p[0], EPOLL_CTL_ADD, p[1], &ev), EINVAL);	/* not an epoll fd */
	CHECK_ERR(ctl(ep, EPOLL_CTL_ADD, ep, &ev), EINVAL);		/* itself */
	CHECK_ERR(ctl(ep, 0, p[0], &ev), EINVAL);
	CHECK_ERR(ctl(ep, 4, p[0], &ev), EINVAL);
	CHECK_ERR(ctl(ep, EPOLL_CTL_ADD, reg, &ev), EPERM);		/* regular file */
	CHECK_ERR(ctl(ep, EPOLL_CTL_ADD, p[0], UTEST_BAD_PTR), EFAULT);
	CHECK_ERR(ctl(ep, EPOLL_CTL_DEL, p[0], NULL), ENOENT);
	CHECK_ERR(ctl(ep, EPOLL_CTL_MOD, p[0], &ev), ENOENT);

	CHECK_OK(ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	CHECK_ERR(ctl(ep, EPOLL_CTL_ADD, p[0], &ev), EEXIST);
	/* DEL ignores its event pointer, even a bad one. */
	CHECK_OK(ctl(ep, EPOLL_CTL_DEL, p[0], UTEST_BAD_PTR));

	/* The same file under another fd is another entry. */
	{
		int d = CHECK_OK(dup(p[0]));

		CHECK_OK(ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
		CHECK_OK(ctl(ep, EPOLL_CTL_ADD, d, &ev));
		CHECK_OK(ctl(ep, EPOLL_CTL_DEL, d, NULL));
		CHECK_OK(ctl(ep, EPOLL_CTL_DEL, p[0], NULL));
		CHECK_OK(close(d));
	}

	/* EPOLLEXCLUSIVE: accepted with ADD and the allowed events ... */
	ev.events = EPOLLIN | EPOLLEXCLUSIVE;
	CHECK_OK(ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	ev.events = EPOLLOUT | EPOLLET | EPOLLEXCLUSIVE;
	CHECK_OK(ctl(ep, EPOLL_CTL_ADD, p[1], &ev));
	/* ... never with MOD, whether the entry has it or not ... */
	CHECK_ERR(ctl(ep, EPOLL_CTL_MOD, p[1], &ev), EINVAL);
	ev.events = EPOLLIN;
	CHECK_ERR(ctl(ep, EPOLL_CTL_MOD, p[0], &ev), EINVAL);
	/* ... nor with other flags, nor on an epoll file. */
	CHECK_OK(ctl(ep, EPOLL_CTL_DEL, p[0], NULL));
	ev.events = EPOLLIN | EPOLLONESHOT | EPOLLEXCLUSIVE;
	CHECK_ERR(ctl(ep, EPOLL_CTL_ADD, p[0], &ev), EINVAL);
	ev.events = EPOLLIN | EPOLLPRI | EPOLLEXCLUSIVE;
	CHECK_ERR(ctl(ep, EPOLL_CTL_ADD, p[0], &ev), EINVAL);
	ev.events = EPOLLIN | EPOLLEXCLUSIVE;
	CHECK_ERR(ctl(ep, EPOLL_CTL_ADD, ep2, &ev), EINVAL);
	/* EPOLLRDHUP is an event one may ask for. */
	ev.events = EPOLLIN | EPOLLRDHUP;
	CHECK_OK(ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	utest_pass();
}
