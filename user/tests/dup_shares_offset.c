/* dup returns the lowest free descriptor, referring to the same open file:
 * the offset and status flags are shared, the close-on-exec flag is not. */
#include "utest.h"

int main(int argc, char **argv)
{
	char buf[8] = { 0 };
	int fd, d;

	utest_begin(argc, argv);
	utest_write_file(utest_path("f"), "abcdef", 0644);
	fd = CHECK_OK(open(utest_path("f"), O_RDONLY | O_CLOEXEC));
	d = CHECK_OK(dup(fd));
	CHECK_EQ(d, fd + 1);
	CHECK_EQ(read(fd, buf, 2), 2);
	CHECK_EQ(lseek(d, 0, SEEK_CUR), 2);
	CHECK_EQ(read(d, buf, 2), 2);
	CHECK_STR_EQ(buf, "cd");
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 4);
	CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(fcntl(d, F_GETFD), 0);
	CHECK_OK(fcntl(fd, F_SETFL, O_NONBLOCK));
	CHECK(fcntl(d, F_GETFL) & O_NONBLOCK);
	/* Closing one leaves the other usable. */
	CHECK_OK(close(fd));
	CHECK_EQ(read(d, buf, 2), 2);
	CHECK_STR_EQ(buf, "ef");
	CHECK_ERR(dup(fd), EBADF);
	CHECK_ERR(dup(-1), EBADF);
	CHECK_OK(close(d));
	utest_pass();
}
