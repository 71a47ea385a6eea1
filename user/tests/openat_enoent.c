/* openat of a missing file without O_CREAT, or of any name in a missing
 * directory (even with O_CREAT), fails with ENOENT; so does an empty path. */
#include "utest.h"

int main(int argc, char **argv)
{
	utest_begin(argc, argv);
	CHECK_ERR(open(utest_path("missing"), O_RDONLY), ENOENT);
	CHECK_ERR(open(utest_path("missing"), O_RDWR | O_TRUNC), ENOENT);
	CHECK_ERR(open(utest_path("nodir/file"), O_RDWR | O_CREAT, 0644), ENOENT);
	CHECK_ERR(openat(AT_FDCWD, "", O_RDONLY), ENOENT);
	CHECK_ERR(access(utest_path("missing"), F_OK), ENOENT);
	utest_pass();
}
