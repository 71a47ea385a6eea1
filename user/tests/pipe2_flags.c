/* pipe2 flags: O_CLOEXEC sets close-on-exec on both ends, O_NONBLOCK makes
 * a read of an empty pipe fail with EAGAIN; unknown flags are EINVAL and a
 * bad array pointer EFAULT. */
#include "utest.h"

int main(int argc, char **argv)
{
	char c;
	int p[2];

	utest_begin(argc, argv);
	CHECK_EQ(pipe2(p, O_CLOEXEC), 0);
	CHECK_EQ(fcntl(p[0], F_GETFD), FD_CLOEXEC);
	CHECK_EQ(fcntl(p[1], F_GETFD), FD_CLOEXEC);
	CHECK_EQ(pipe2(p, O_NONBLOCK), 0);
	CHECK_EQ(fcntl(p[0], F_GETFD), 0);
	CHECK(fcntl(p[0], F_GETFL) & O_NONBLOCK);
	CHECK(fcntl(p[1], F_GETFL) & O_NONBLOCK);
	CHECK_ERR(read(p[0], &c, 1), EAGAIN);
	CHECK_ERR(syscall(SYS_pipe2, p, O_APPEND), EINVAL);
	CHECK_ERR(syscall(SYS_pipe2, UTEST_BAD_PTR, 0), EFAULT);
	utest_pass();
}
