/* Data written to a file reads back the same; reads advance the offset and
 * return 0 at the end of the file; writes extend the file. */
#include "utest.h"

int main(int argc, char **argv)
{
	char buf[64];
	struct stat st;
	int fd;

	utest_begin(argc, argv);
	fd = CHECK_OK(open(utest_path("f"), O_RDWR | O_CREAT | O_TRUNC, 0644));
	CHECK_EQ(write(fd, "hello, ", 7), 7);
	CHECK_EQ(write(fd, "world", 5), 5);
	CHECK_EQ(write(fd, "", 0), 0);
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 12);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(read(fd, buf, 5), 5);
	CHECK_EQ(read(fd, buf + 5, sizeof(buf) - 6), 7);
	CHECK_STR_EQ(buf, "hello, world");
	CHECK_EQ(read(fd, buf, sizeof(buf)), 0);
	CHECK_EQ(read(fd, buf, 0), 0);
	CHECK_OK(close(fd));
	utest_pass();
}
