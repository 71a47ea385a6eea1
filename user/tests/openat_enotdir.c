/* A regular file used as a directory in a path is ENOTDIR, as is O_DIRECTORY
 * on a regular file. */
#include "utest.h"

int main(int argc, char **argv)
{
	char *f;

	utest_begin(argc, argv);
	f = utest_path("f");
	utest_write_file(f, "x", 0644);
	CHECK_ERR(open(utest_path("f/x"), O_RDONLY), ENOTDIR);
	CHECK_ERR(open(utest_path("f/x"), O_RDWR | O_CREAT, 0644), ENOTDIR);
	CHECK_ERR(open(utest_path("f/"), O_RDONLY), ENOTDIR);
	CHECK_ERR(open(f, O_RDONLY | O_DIRECTORY), ENOTDIR);
	CHECK_ERR(mkdir(utest_path("f/d"), 0755), ENOTDIR);
	utest_pass();
}
