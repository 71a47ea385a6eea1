/* readlinkat on something that is not a symbolic link is EINVAL, on a
 * missing name ENOENT, with a zero-sized buffer EINVAL, into a bad buffer
 * EFAULT; symlinkat onto an existing name is EEXIST. */
#include "utest.h"

int main(int argc, char **argv)
{
	char buf[32];

	utest_begin(argc, argv);
	utest_write_file(utest_path("f"), "x", 0644);
	CHECK_OK(symlink("f", utest_path("l")));
	CHECK_ERR(readlink(utest_path("f"), buf, sizeof(buf)), EINVAL);
	CHECK_ERR(readlink(utest_tmpdir(), buf, sizeof(buf)), EINVAL);
	CHECK_ERR(readlink(utest_path("missing"), buf, sizeof(buf)), ENOENT);
	CHECK_ERR(syscall(SYS_readlinkat, AT_FDCWD, utest_path("l"), buf, 0), EINVAL);
	CHECK_ERR(syscall(SYS_readlinkat, AT_FDCWD, utest_path("l"), UTEST_BAD_PTR, 32), EFAULT);
	CHECK_ERR(symlink("x", utest_path("f")), EEXIST);
	CHECK_ERR(symlink("x", utest_path("l")), EEXIST);
	CHECK_ERR(symlink("x", utest_path("missing/l")), ENOENT);
	utest_pass();
}
