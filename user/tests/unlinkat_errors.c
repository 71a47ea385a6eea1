/* unlinkat: a missing name is ENOENT, a directory without AT_REMOVEDIR
 * EISDIR, AT_REMOVEDIR on a file ENOTDIR, a non-empty directory ENOTEMPTY,
 * unknown flags EINVAL, "." with AT_REMOVEDIR EINVAL. */
#include "utest.h"

int main(int argc, char **argv)
{
	struct stat st;

	utest_begin(argc, argv);
	utest_write_file(utest_path("f"), "x", 0644);
	CHECK_OK(mkdir(utest_path("full"), 0755));
	utest_write_file(utest_path("full/inner"), "x", 0644);
	CHECK_OK(mkdir(utest_path("empty"), 0755));
	CHECK_ERR(unlinkat(AT_FDCWD, utest_path("missing"), 0), ENOENT);
	CHECK_ERR(unlinkat(AT_FDCWD, utest_path("empty"), 0), EISDIR);
	CHECK_ERR(unlinkat(AT_FDCWD, utest_path("f"), AT_REMOVEDIR), ENOTDIR);
	CHECK_ERR(unlinkat(AT_FDCWD, utest_path("full"), AT_REMOVEDIR), ENOTEMPTY);
	CHECK_ERR(unlinkat(AT_FDCWD, utest_path("f"), 0x1), EINVAL);
	CHECK_ERR(unlinkat(AT_FDCWD, utest_path("empty/."), AT_REMOVEDIR), EINVAL);
	CHECK_OK(stat(utest_path("full/inner"), &st));
	CHECK_EQ(unlinkat(AT_FDCWD, utest_path("empty"), AT_REMOVEDIR), 0);
	CHECK_ERR(stat(utest_path("empty"), &st), ENOENT);
	CHECK_ERR(rmdir(utest_path("empty")), ENOENT);
	utest_pass();
}
