/*
 * eventfd2 without EFD_SEMAPHORE: writes add, a read takes the whole count.
 * A write of 0xffffffffffffffff is EINVAL; the count stops at
 * 0xfffffffffffffffe: a write that would pass it is EAGAIN when
 * non-blocking, and otherwise blocks until a read makes room.
 */
#include "utest.h"
#include <poll.h>
#include <sys/eventfd.h>

int main(int argc, char **argv)
{
	uint64_t v;
	int fd, nb;
	pid_t pid;

	utest_begin(argc, argv);
	fd = CHECK_OK(eventfd(5, 0));
	v = 10;
	CHECK_EQ(write(fd, &v, sizeof(v)), 8);
	v = 0;
	CHECK_EQ(write(fd, &v, sizeof(v)), 8);
	CHECK_EQ(read(fd, &v, sizeof(v)), 8);
	CHECK_EQ(v, 15);

	v = UINT64_MAX;
	CHECK_ERR(write(fd, &v, sizeof(v)), EINVAL);
	CHECK_ERR(syscall(SYS_write, fd, UTEST_BAD_PTR, 8), EFAULT);

	/* A non-blocking eventfd filled to the top. */
	nb = CHECK_OK(eventfd(0, EFD_NONBLOCK));
	v = UINT64_MAX - 1;
	CHECK_EQ(write(nb, &v, sizeof(v)), 8);
	v = 1;
	CHECK_ERR(write(nb, &v, sizeof(v)), EAGAIN);
	v = 0;
	CHECK_EQ(write(nb, &v, sizeof(v)), 8);	/* adding nothing always fits */
	{
		struct pollfd pfd = { .fd = nb, .events = POLLIN | POLLOUT };

		CHECK_EQ(poll(&pfd, 1, 0), 1);
		CHECK_EQ(pfd.revents, POLLIN);	/* full: not writable */
	}
	CHECK_EQ(read(nb, &v, sizeof(v)), 8);
	CHECK_EQ(v, UINT64_MAX - 1);

	/* A blocking write that would overflow waits for a read. */
	v = UINT64_MAX - 1;
	CHECK_EQ(write(fd, &v, sizeof(v)), 8);
	pid = utest_fork();
	if (pid == 0) {
		uint64_t one = 1;

		/* Blocks until the parent reads. */
		if (write(fd, &one, sizeof(one)) != 8)
			_exit(2);
		_exit(0);
	}
	usleep(200 * 1000);
	{
		int st;

		CHECK_EQ(waitpid(pid, &st, WNOHANG), 0);	/* still blocked */
	}
	CHECK_EQ(read(fd, &v, sizeof(v)), 8);
	CHECK_EQ(v, UINT64_MAX - 1);
	CHECK_CHILD_EXIT(pid, 0);
	CHECK_EQ(read(fd, &v, sizeof(v)), 8);
	CHECK_EQ(v, 1);
	utest_pass();
}
