/* lseek with SEEK_SET, SEEK_CUR and SEEK_END returns the new offset; going
 * past the end and writing makes a hole that reads as zeros and grows the
 * size. */
#include "utest.h"

int main(int argc, char **argv)
{
	struct stat st;
	char buf[8];
	int fd;

	utest_begin(argc, argv);
	fd = CHECK_OK(open(utest_path("f"), O_RDWR | O_CREAT | O_TRUNC, 0644));
	CHECK_EQ(write(fd, "abcdef", 6), 6);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 6);
	CHECK_EQ(lseek(fd, 1, SEEK_SET), 1);
	CHECK_EQ(lseek(fd, 2, SEEK_CUR), 3);
	CHECK_EQ(lseek(fd, -1, SEEK_CUR), 2);
	CHECK_EQ(lseek(fd, 0, SEEK_END), 6);
	CHECK_EQ(lseek(fd, -2, SEEK_END), 4);
	CHECK_EQ(read(fd, buf, 8), 2);
	CHECK_EQ(lseek(fd, 10000, SEEK_END), 10006);
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 6);
	CHECK_EQ(write(fd, "z", 1), 1);
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 10007);
	CHECK_EQ(lseek(fd, 5000, SEEK_SET), 5000);
	memset(buf, 'q', sizeof(buf));
	CHECK_EQ(read(fd, buf, 8), 8);
	for (int i = 0; i < 8; i++)
		CHECK_EQ(buf[i], 0);
	CHECK_OK(close(fd));
	utest_pass();
}
