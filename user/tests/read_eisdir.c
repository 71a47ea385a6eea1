/* read on a descriptor for a directory fails with EISDIR. */
#include "utest.h"

int main(int argc, char **argv)
{
	char buf[16];
	int fd;

	utest_begin(argc, argv);
	fd = CHECK_OK(open(utest_tmpdir(), O_RDONLY | O_DIRECTORY));
	CHECK_ERR(read(fd, buf, sizeof(buf)), EISDIR);
	CHECK_OK(close(fd));
	utest_pass();
}
