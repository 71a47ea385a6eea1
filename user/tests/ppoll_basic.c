/*
 * ppoll: revents of pipe ends and a regular file (always ready), POLLNVAL
 * for a closed fd, a negative fd ignored, POLLHUP once the writer is gone,
 * a wait ended by a child's write with the time left written back, a
 * timeout that expires, and EINVAL for a bad timespec or sigset size.
 */
#include "utest.h"
#include <poll.h>
#include <time.h>

static long pp(struct pollfd *fds, unsigned long n, struct timespec *ts, void *mask, size_t size)
{
	return syscall(SYS_ppoll, fds, n, ts, mask, size);
}

int main(int argc, char **argv)
{
	int p[2], reg;
	struct pollfd fds[4];
	struct timespec ts;
	sigset_t none;
	pid_t pid;

	utest_begin(argc, argv);
	sigemptyset(&none);
	CHECK_OK(pipe(p));
	reg = CHECK_OK(open(utest_path("f"), O_RDWR | O_CREAT, 0644));

	fds[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = p[1], .events = POLLOUT };
	fds[2] = (struct pollfd){ .fd = reg, .events = POLLIN | POLLOUT };
	fds[3] = (struct pollfd){ .fd = -1, .events = POLLIN, .revents = 0x7 };
	ts = (struct timespec){ 0, 0 };
	CHECK_EQ(pp(fds, 4, &ts, &none, 8), 2);
	CHECK_EQ(fds[0].revents, 0);
	CHECK_EQ(fds[1].revents, POLLOUT);
	CHECK_EQ(fds[2].revents, POLLIN | POLLOUT);
	CHECK_EQ(fds[3].revents, 0);

	/* No descriptors at all: a plain timeout. */
	CHECK_EQ(pp(NULL, 0, &ts, NULL, 8), 0);

	/* A closed fd is POLLNVAL, whatever was asked. */
	fds[3] = (struct pollfd){ .fd = 200, .events = 0 };
	CHECK_EQ(pp(&fds[3], 1, &ts, NULL, 8), 1);
	CHECK_EQ(fds[3].revents, POLLNVAL);

	/* A child's write ends a long wait; the time left comes back. */
	pid = utest_fork();
	if (pid == 0) {
		usleep(100 * 1000);
		_exit(write(p[1], "x", 1) == 1 ? 0 : 2);
	}
	ts = (struct timespec){ 8, 0 };
	CHECK_EQ(pp(fds, 1, &ts, NULL, 8), 1);
	CHECK_EQ(fds[0].revents, POLLIN);
	CHECK_MSG(ts.tv_sec < 8 && ts.tv_sec >= 3, "time left %lld.%09ld", (long long)ts.tv_sec,
		  ts.tv_nsec);
	CHECK_CHILD_EXIT(pid, 0);

	/* Drained: a short timeout expires, with no time left. */
	{
		char c;

		CHECK_EQ(read(p[0], &c, 1), 1);
	}
	ts = (struct timespec){ 0, 100 * 1000 * 1000 };
	CHECK_EQ(pp(fds, 1, &ts, NULL, 8), 0);
	CHECK_EQ(fds[0].revents, 0);
	CHECK_EQ(ts.tv_sec, 0);
	CHECK_EQ(ts.tv_nsec, 0);

	/* The writer closes: the reader sees POLLHUP without asking. */
	CHECK_OK(close(p[1]));
	CHECK_EQ(pp(fds, 1, NULL, NULL, 8), 1);
	CHECK_EQ(fds[0].revents, POLLHUP);

	ts = (struct timespec){ 0, 1000000000 };
	CHECK_ERR(pp(fds, 1, &ts, NULL, 8), EINVAL);
	ts = (struct timespec){ 0, 0 };
	CHECK_ERR(pp(fds, 1, &ts, &none, 4), EINVAL);
	CHECK_ERR(pp(fds, 1, &ts, UTEST_BAD_PTR, 8), EFAULT);
	CHECK_ERR(pp(UTEST_BAD_PTR, 1, &ts, NULL, 8), EFAULT);
	utest_pass();
}
