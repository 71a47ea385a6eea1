/*
 * eventfd2 with EFD_SEMAPHORE: each read takes 1 from the count and returns
 * 1; with EFD_NONBLOCK an empty count is EAGAIN. Reads and writes of fewer
 * than 8 bytes are EINVAL; poll follows the count.
 */
#include "utest.h"
#include <poll.h>
#include <sys/eventfd.h>

int main(int argc, char **argv)
{
	uint64_t v;
	int fd;
	struct pollfd pfd;

	utest_begin(argc, argv);
	fd = CHECK_OK(eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK));
	CHECK_EQ(fcntl(fd, F_GETFL) & O_NONBLOCK, O_NONBLOCK);
	CHECK_EQ(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0);
	for (int i = 0; i < 3; i++) {
		v = 0;
		CHECK_EQ(read(fd, &v, sizeof(v)), 8);
		CHECK_EQ(v, 1);
	}
	CHECK_ERR(read(fd, &v, sizeof(v)), EAGAIN);

	pfd = (struct pollfd){ .fd = fd, .events = POLLIN | POLLOUT };
	CHECK_EQ(poll(&pfd, 1, 0), 1);
	CHECK_EQ(pfd.revents, POLLOUT);

	v = 2;
	CHECK_EQ(write(fd, &v, sizeof(v)), 8);
	CHECK_EQ(poll(&pfd, 1, 0), 1);
	CHECK_EQ(pfd.revents, POLLIN | POLLOUT);
	{
		char small[7], big[16] = { 0 };

		CHECK_ERR(read(fd, small, sizeof(small)), EINVAL);
		CHECK_ERR(write(fd, small, sizeof(small)), EINVAL);
		/* A longer buffer moves 8 bytes. */
		CHECK_EQ(read(fd, big, sizeof(big)), 8);
		memcpy(&v, big, 8);
		CHECK_EQ(v, 1);
	}
	CHECK_EQ(read(fd, &v, sizeof(v)), 8);
	CHECK_EQ(v, 1);
	CHECK_ERR(read(fd, &v, sizeof(v)), EAGAIN);

	CHECK_ERR(syscall(SYS_eventfd2, 0, 0x100), EINVAL);
	CHECK_OK(close(fd));
	fd = CHECK_OK(eventfd(0, EFD_CLOEXEC));
	CHECK_EQ(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	CHECK_EQ(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
	utest_pass();
}
