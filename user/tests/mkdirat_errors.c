/* mkdirat of an existing name (file, directory or symbolic link) is EEXIST,
 * in a missing parent ENOENT, under a regular file ENOTDIR, with a bad
 * dirfd EBADF, with a bad path pointer EFAULT. */
#include "utest.h"

int main(int argc, char **argv)
{
	utest_begin(argc, argv);
	utest_write_file(utest_path("f"), "x", 0644);
	CHECK_OK(mkdir(utest_path("d"), 0755));
	CHECK_OK(symlink("nowhere", utest_path("l")));
	CHECK_ERR(mkdir(utest_path("d"), 0755), EEXIST);
	CHECK_ERR(mkdir(utest_path("f"), 0755), EEXIST);
	CHECK_ERR(mkdir(utest_path("l"), 0755), EEXIST);
	CHECK_ERR(mkdir(utest_tmpdir(), 0755), EEXIST);
	CHECK_ERR(mkdir(utest_path("missing/d"), 0755), ENOENT);
	CHECK_ERR(mkdir(utest_path("f/d"), 0755), ENOTDIR);
	CHECK_ERR(mkdirat(999, "d2", 0755), EBADF);
	CHECK_ERR(syscall(SYS_mkdirat, AT_FDCWD, UTEST_BAD_PTR, 0755), EFAULT);
	utest_pass();
}
