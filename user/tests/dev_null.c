/* /dev/null swallows every write (reporting the full count) and reads
 * as end of file. */
#include "utest.h"

int main(int argc, char **argv)
{
	static char big[100000];
	char buf[16];
	int fd;

	utest_begin(argc, argv);
	fd = CHECK_OK(open("/dev/null", O_RDWR));
	CHECK_EQ(write(fd, "discard", 7), 7);
	CHECK_EQ(write(fd, big, sizeof(big)), sizeof(big));
	CHECK_EQ(read(fd, buf, sizeof(buf)), 0);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_OK(close(fd));
	utest_pass();
}
