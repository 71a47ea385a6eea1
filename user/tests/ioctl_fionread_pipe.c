/* ioctl(FIONREAD) on a pipe tells how many bytes are waiting to be read. */
#include "utest.h"
#include <sys/ioctl.h>

int main(int argc, char **argv)
{
	char buf[8];
	int p[2], n = -1;

	utest_begin(argc, argv);
	CHECK_OK(pipe(p));
	CHECK_EQ(ioctl(p[0], FIONREAD, &n), 0);
	CHECK_EQ(n, 0);
	CHECK_EQ(write(p[1], "12345", 5), 5);
	CHECK_EQ(ioctl(p[0], FIONREAD, &n), 0);
	CHECK_EQ(n, 5);
	CHECK_EQ(read(p[0], buf, 2), 2);
	CHECK_EQ(ioctl(p[0], FIONREAD, &n), 0);
	CHECK_EQ(n, 3);
	utest_pass();
}
