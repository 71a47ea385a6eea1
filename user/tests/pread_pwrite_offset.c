/* pwrite and pread work at the given offset without moving the file
 * offset; pwrite past the end leaves a hole that reads as zeros. */
#include "utest.h"

int main(int argc, char **argv)
{
	char buf[32];
	int fd;

	utest_begin(argc, argv);
	fd = CHECK_OK(open(utest_path("f"), O_RDWR | O_CREAT | O_TRUNC, 0644));
	CHECK_EQ(write(fd, "0123456789", 10), 10);
	CHECK_EQ(lseek(fd, 2, SEEK_SET), 2);
	CHECK_EQ(pwrite(fd, "AB", 2, 5), 2);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 2);
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(pread(fd, buf, 4, 4), 4);
	CHECK_STR_EQ(buf, "4AB7");
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 2);
	CHECK_EQ(pwrite(fd, "Z", 1, 20), 1);
	CHECK_EQ(pread(fd, buf, sizeof(buf), 8), 13);
	CHECK_EQ(buf[0], '8');
	CHECK_EQ(buf[1], '9');
	for (int i = 2; i < 12; i++)
		CHECK_EQ(buf[i], 0);
	CHECK_EQ(buf[12], 'Z');
	CHECK_EQ(pread(fd, buf, sizeof(buf), 100), 0);
	CHECK_EQ(read(fd, buf, 1), 1);
	CHECK_EQ(buf[0], '2');
	CHECK_OK(close(fd));
	utest_pass();
}
