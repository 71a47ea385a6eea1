/* Bytes written to a pipe come out of its read end in order; a read takes
 * what is there without waiting for the full count. */
#include "utest.h"

int main(int argc, char **argv)
{
	char buf[32] = { 0 };
	int p[2];

	utest_begin(argc, argv);
	CHECK_EQ(pipe2(p, 0), 0);
	CHECK(p[0] >= 0 && p[1] >= 0 && p[0] != p[1]);
	CHECK_EQ(write(p[1], "first ", 6), 6);
	CHECK_EQ(write(p[1], "second", 6), 6);
	CHECK_EQ(read(p[0], buf, 3), 3);
	CHECK_EQ(read(p[0], buf + 3, sizeof(buf) - 4), 9);
	CHECK_STR_EQ(buf, "first second");
	CHECK_EQ(CHECK_OK(fcntl(p[0], F_GETFL)) & O_ACCMODE, O_RDONLY);
	CHECK_EQ(CHECK_OK(fcntl(p[1], F_GETFL)) & O_ACCMODE, O_WRONLY);
	CHECK_ERR(write(p[0], "x", 1), EBADF);
	CHECK_ERR(read(p[1], buf, 1), EBADF);
	utest_pass();
}
