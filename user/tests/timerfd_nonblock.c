/* timerfd: a non-blocking read before expiry fails with EAGAIN, poll sees
 * it readable once it expires, one-shot reads count 1; bad arguments fail
 * as on Linux. */
#include "utest.h"
#include <poll.h>
#include <stdint.h>
#include <sys/timerfd.h>
#include <time.h>

int main(int argc, char **argv)
{
	struct itimerspec its = { { 0, 0 }, { 0, 30000000L } };
	struct pollfd pfd;
	uint64_t n;
	int fd, fd2, flags;
	char small[4];

	utest_begin(argc, argv);
	fd = CHECK_OK(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC));
	flags = CHECK_OK(fcntl(fd, F_GETFL));
	CHECK(flags & O_NONBLOCK);
	CHECK(CHECK_OK(fcntl(fd, F_GETFD)) & FD_CLOEXEC);
	/* Disarmed: nothing to read. */
	CHECK_ERR(read(fd, &n, sizeof(n)), EAGAIN);
	CHECK_OK(timerfd_settime(fd, 0, &its, NULL));
	CHECK_ERR(read(fd, &n, sizeof(n)), EAGAIN);
	pfd.fd = fd;
	pfd.events = POLLIN;
	CHECK_EQ(poll(&pfd, 1, 0), 0);
	CHECK_EQ(poll(&pfd, 1, 5000), 1);
	CHECK(pfd.revents & POLLIN);
	CHECK_ERR(read(fd, small, sizeof(small)), EINVAL);
	CHECK_EQ(read(fd, &n, sizeof(n)), 8);
	CHECK_EQ(n, 1);
	CHECK_ERR(read(fd, &n, sizeof(n)), EAGAIN);
	CHECK_EQ(poll(&pfd, 1, 0), 0);

	/* Errors. */
	CHECK_ERR(timerfd_create(CLOCK_PROCESS_CPUTIME_ID, 0), EINVAL);
	CHECK_ERR(timerfd_create(1000, 0), EINVAL);
	CHECK_ERR(timerfd_create(CLOCK_MONOTONIC, O_APPEND), EINVAL);
	CHECK_ERR(timerfd_settime(fd, 0x100, &its, NULL), EINVAL);
	CHECK_ERR(timerfd_settime(-1, 0, &its, NULL), EBADF);
	CHECK_ERR(timerfd_gettime(-1, &its), EBADF);
	fd2 = CHECK_OK(open("/dev/null", O_RDONLY));
	CHECK_ERR(timerfd_settime(fd2, 0, &its, NULL), EINVAL);
	CHECK_ERR(timerfd_gettime(fd2, &its), EINVAL);
	its.it_value.tv_nsec = 1000000000L;
	CHECK_ERR(timerfd_settime(fd, 0, &its, NULL), EINVAL);
	CHECK_ERR(syscall(SYS_timerfd_settime, fd, 0, UTEST_BAD_PTR, NULL), EFAULT);
	CHECK_ERR(syscall(SYS_timerfd_gettime, fd, UTEST_BAD_PTR), EFAULT);
	close(fd2);
	close(fd);
	utest_pass();
}
