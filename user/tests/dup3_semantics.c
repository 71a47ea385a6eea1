/* dup3(old, new) makes new refer to old's file, closing what new was first;
 * O_CLOEXEC sets close-on-exec on new. dup3 with old == new or unknown
 * flags is EINVAL, a bad old descriptor EBADF (new stays open). */
#include "utest.h"

int main(int argc, char **argv)
{
	char buf[8] = { 0 };
	int fd, victim;

	utest_begin(argc, argv);
	utest_write_file(utest_path("f"), "payload", 0644);
	fd = CHECK_OK(open(utest_path("f"), O_RDONLY));
	victim = CHECK_OK(open("/dev/null", O_RDONLY));
	CHECK_EQ(dup3(fd, victim, 0), victim);
	CHECK_EQ(read(victim, buf, 3), 3);
	CHECK_STR_EQ(buf, "pay");
	CHECK_EQ(fcntl(victim, F_GETFD), 0);
	CHECK_EQ(dup3(fd, 100, O_CLOEXEC), 100);
	CHECK_EQ(fcntl(100, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(lseek(100, 0, SEEK_CUR), 3);
	/* Raw calls: the C libraries check some of these themselves. */
	CHECK_ERR(syscall(SYS_dup3, fd, fd, 0), EINVAL);
	CHECK_ERR(syscall(SYS_dup3, fd, victim, 0x4), EINVAL);
	CHECK_ERR(syscall(SYS_dup3, 555, victim, 0), EBADF);
	CHECK_ERR(syscall(SYS_dup3, fd, -1, 0), EBADF);
	CHECK_EQ(fcntl(victim, F_GETFD), 0);
	CHECK_OK(close(100));
	CHECK_OK(close(victim));
	CHECK_OK(close(fd));
	utest_pass();
}
