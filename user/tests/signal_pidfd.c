/* pidfd_open names a child; pidfd_send_signal kills it through the fd,
 * poll reports its exit as readable, and bad arguments get Linux's errors. */
#include "utest.h"
#include <poll.h>
#include <sys/syscall.h>

int main(int argc, char **argv)
{
	struct pollfd pfd;
	int fd, flags;
	pid_t pid;

	utest_begin(argc, argv);
	pid = utest_fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	fd = CHECK_OK(syscall(SYS_pidfd_open, pid, 0));
	flags = CHECK_OK(fcntl(fd, F_GETFD));
	CHECK(flags & FD_CLOEXEC);
	pfd.fd = fd;
	pfd.events = POLLIN;
	CHECK_EQ(poll(&pfd, 1, 0), 0);
	CHECK_OK(syscall(SYS_pidfd_send_signal, fd, 0, NULL, 0));
	CHECK_ERR(syscall(SYS_pidfd_send_signal, fd, SIGTERM, NULL, 0x80000000u), EINVAL);
	CHECK_OK(syscall(SYS_pidfd_send_signal, fd, SIGTERM, NULL, 0));
	CHECK_EQ(poll(&pfd, 1, 5000), 1);
	CHECK(pfd.revents & POLLIN);
	CHECK_CHILD_SIGNAL(pid, SIGTERM);
	/* Reaped: the fd still names that (gone) process. */
	CHECK_ERR(syscall(SYS_pidfd_send_signal, fd, SIGTERM, NULL, 0), ESRCH);
	CHECK_OK(close(fd));
	CHECK_ERR(syscall(SYS_pidfd_open, 0, 0), EINVAL);
	CHECK_ERR(syscall(SYS_pidfd_open, getpid(), 0x1), EINVAL);
	CHECK_ERR(syscall(SYS_pidfd_open, 0x3ffffff0, 0), ESRCH);
	CHECK_ERR(syscall(SYS_pidfd_send_signal, 0, SIGTERM, NULL, 0), EBADF);
	utest_pass();
}
