/* lseek to a negative offset or with an unknown whence is EINVAL (the
 * offset stays), on a pipe ESPIPE, on a closed descriptor EBADF. */
#include "utest.h"

int main(int argc, char **argv)
{
	int fd, p[2];

	utest_begin(argc, argv);
	fd = CHECK_OK(open(utest_path("f"), O_RDWR | O_CREAT, 0644));
	CHECK_EQ(write(fd, "abc", 3), 3);
	CHECK_ERR(lseek(fd, -1, SEEK_SET), EINVAL);
	CHECK_ERR(lseek(fd, -4, SEEK_CUR), EINVAL);
	CHECK_ERR(lseek(fd, -100, SEEK_END), EINVAL);
	CHECK_ERR(lseek(fd, 0, 77), EINVAL);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 3);
	CHECK_OK(pipe(p));
	CHECK_ERR(lseek(p[0], 0, SEEK_CUR), ESPIPE);
	CHECK_ERR(lseek(p[1], 0, SEEK_SET), ESPIPE);
	CHECK_OK(close(fd));
	CHECK_ERR(lseek(fd, 0, SEEK_SET), EBADF);
	utest_pass();
}
