/* A directory can be opened read-only but not for writing (EISDIR), and
 * O_CREAT on a directory name is EISDIR too. */
#include "utest.h"

int main(int argc, char **argv)
{
	int fd;

	utest_begin(argc, argv);
	fd = CHECK_OK(open(utest_tmpdir(), O_RDONLY));
	CHECK_OK(close(fd));
	fd = CHECK_OK(open(utest_tmpdir(), O_RDONLY | O_DIRECTORY));
	CHECK_OK(close(fd));
	CHECK_ERR(open(utest_tmpdir(), O_WRONLY), EISDIR);
	CHECK_ERR(open(utest_tmpdir(), O_RDWR), EISDIR);
	CHECK_ERR(open(utest_tmpdir(), O_RDONLY | O_CREAT, 0644), EISDIR);
	utest_pass();
}
