/* With O_APPEND every write goes to the current end of the file, whatever
 * the offset, also when another descriptor has grown the file meanwhile. */
#include "utest.h"

int main(int argc, char **argv)
{
	char buf[32] = { 0 };
	int fd, other;

	utest_begin(argc, argv);
	utest_write_file(utest_path("f"), "start", 0644);
	fd = CHECK_OK(open(utest_path("f"), O_WRONLY | O_APPEND));
	other = CHECK_OK(open(utest_path("f"), O_RDWR));
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_EQ(write(fd, "-one", 4), 4);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 9);
	CHECK_EQ(pwrite(other, "-two", 4, 9), 4);
	CHECK_EQ(lseek(fd, 2, SEEK_SET), 2);
	CHECK_EQ(write(fd, "-three", 6), 6);
	CHECK_EQ(pread(other, buf, sizeof(buf) - 1, 0), 19);
	CHECK_STR_EQ(buf, "start-one-two-three");
	CHECK(fcntl(fd, F_GETFL) & O_APPEND);
	CHECK_OK(close(fd));
	CHECK_OK(close(other));
	utest_pass();
}
