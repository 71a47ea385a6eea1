/* pread/pwrite on a pipe are ESPIPE; a negative offset is EINVAL; a
 * descriptor not open for the direction is EBADF. */
#include "utest.h"

int main(int argc, char **argv)
{
	char buf[4];
	int p[2], fd;

	utest_begin(argc, argv);
	CHECK_OK(pipe(p));
	CHECK_ERR(pread(p[0], buf, 1, 0), ESPIPE);
	CHECK_ERR(pwrite(p[1], "x", 1, 0), ESPIPE);
	fd = CHECK_OK(open(utest_path("f"), O_RDONLY | O_CREAT, 0644));
	CHECK_ERR(pread(fd, buf, 1, -1), EINVAL);
	CHECK_ERR(pwrite(fd, "x", 1, 0), EBADF);
	CHECK_ERR(pread(999, buf, 1, 0), EBADF);
	CHECK_OK(close(fd));
	utest_pass();
}
