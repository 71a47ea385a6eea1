/* newfstatat: a missing name is ENOENT, a file used as a directory ENOTDIR,
 * an empty path without AT_EMPTY_PATH ENOENT, unknown flags EINVAL, a
 * relative name with a bad dirfd EBADF, a bad path pointer EFAULT. */
#include "utest.h"

int main(int argc, char **argv)
{
	struct stat st;

	utest_begin(argc, argv);
	utest_write_file(utest_path("f"), "x", 0644);
	CHECK_ERR(fstatat(AT_FDCWD, utest_path("missing"), &st, 0), ENOENT);
	CHECK_ERR(fstatat(AT_FDCWD, utest_path("f/x"), &st, 0), ENOTDIR);
	CHECK_ERR(fstatat(AT_FDCWD, "", &st, 0), ENOENT);
	CHECK_ERR(syscall(SYS_newfstatat, AT_FDCWD, utest_path("f"), &st, 0x1), EINVAL);
	CHECK_ERR(fstatat(999, "f", &st, 0), EBADF);
	CHECK_ERR(syscall(SYS_newfstatat, AT_FDCWD, UTEST_BAD_PTR, &st, 0), EFAULT);
	CHECK_ERR(syscall(SYS_newfstatat, AT_FDCWD, utest_path("f"), UTEST_BAD_PTR, 0), EFAULT);
	utest_pass();
}
