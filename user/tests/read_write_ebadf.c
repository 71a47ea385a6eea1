/* read needs a descriptor open for reading and write one open for writing;
 * otherwise, or for a closed descriptor, they fail with EBADF. */
#include "utest.h"

int main(int argc, char **argv)
{
	char c = 'x';
	int ro, wo;

	utest_begin(argc, argv);
	utest_write_file(utest_path("f"), "abc", 0644);
	ro = CHECK_OK(open(utest_path("f"), O_RDONLY));
	wo = CHECK_OK(open(utest_path("f"), O_WRONLY));
	CHECK_ERR(write(ro, &c, 1), EBADF);
	CHECK_ERR(read(wo, &c, 1), EBADF);
	CHECK_ERR(read(-1, &c, 1), EBADF);
	CHECK_ERR(write(999, &c, 1), EBADF);
	CHECK_OK(close(ro));
	CHECK_ERR(read(ro, &c, 1), EBADF);
	CHECK_OK(close(wo));
	utest_pass();
}
