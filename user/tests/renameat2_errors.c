/* rename errors: a missing source is ENOENT; a directory onto a non-empty
 * directory ENOTEMPTY; a file onto a directory EISDIR; a directory onto a
 * file ENOTDIR; a directory into its own subdirectory EINVAL. */
#include "utest.h"

int main(int argc, char **argv)
{
	utest_begin(argc, argv);
	utest_write_file(utest_path("f"), "x", 0644);
	CHECK_OK(mkdir(utest_path("d"), 0755));
	CHECK_OK(mkdir(utest_path("d/sub"), 0755));
	CHECK_OK(mkdir(utest_path("full"), 0755));
	utest_write_file(utest_path("full/inner"), "x", 0644);
	CHECK_ERR(rename(utest_path("missing"), utest_path("x")), ENOENT);
	CHECK_ERR(rename(utest_path("f"), utest_path("missing/x")), ENOENT);
	CHECK_ERR(rename(utest_path("d"), utest_path("full")), ENOTEMPTY);
	CHECK_ERR(rename(utest_path("f"), utest_path("d")), EISDIR);
	CHECK_ERR(rename(utest_path("d"), utest_path("f")), ENOTDIR);
	CHECK_ERR(rename(utest_path("d"), utest_path("d/sub/moved")), EINVAL);
	CHECK_ERR(syscall(SYS_renameat2, 999, "f", AT_FDCWD, utest_path("y"), 0), EBADF);
	CHECK_ERR(syscall(SYS_renameat2, AT_FDCWD, UTEST_BAD_PTR, AT_FDCWD, utest_path("y"), 0),
		  EFAULT);
	utest_pass();
}
