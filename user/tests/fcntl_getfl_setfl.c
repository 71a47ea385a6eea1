/* F_GETFL reports the access mode and status flags; F_SETFL changes
 * O_APPEND and O_NONBLOCK but not the access mode. */
#include "utest.h"

int main(int argc, char **argv)
{
	int fd, fl;

	utest_begin(argc, argv);
	fd = CHECK_OK(open(utest_path("f"), O_RDWR | O_CREAT | O_APPEND, 0644));
	fl = CHECK_OK(fcntl(fd, F_GETFL));
	CHECK_EQ(fl & O_ACCMODE, O_RDWR);
	CHECK(fl & O_APPEND);
	CHECK(!(fl & O_NONBLOCK));
	CHECK_EQ(fcntl(fd, F_SETFL, O_NONBLOCK | O_WRONLY), 0);
	fl = CHECK_OK(fcntl(fd, F_GETFL));
	CHECK_EQ(fl & O_ACCMODE, O_RDWR);
	CHECK(!(fl & O_APPEND));
	CHECK(fl & O_NONBLOCK);
	CHECK_OK(close(fd));
	fd = CHECK_OK(open(utest_path("f"), O_WRONLY));
	CHECK_EQ(CHECK_OK(fcntl(fd, F_GETFL)) & O_ACCMODE, O_WRONLY);
	CHECK_OK(close(fd));
	fd = CHECK_OK(open(utest_path("f"), O_RDONLY));
	CHECK_EQ(CHECK_OK(fcntl(fd, F_GETFL)) & O_ACCMODE, O_RDONLY);
	CHECK_OK(close(fd));
	utest_pass();
}
