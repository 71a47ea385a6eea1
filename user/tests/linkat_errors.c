/* linkat: an existing new name is EEXIST, a missing old name ENOENT, a
 * directory as old name EPERM, unknown flags EINVAL, a bad dirfd EBADF. */
#include "utest.h"

int main(int argc, char **argv)
{
	utest_begin(argc, argv);
	utest_write_file(utest_path("a"), "a", 0644);
	utest_write_file(utest_path("b"), "b", 0644);
	CHECK_OK(mkdir(utest_path("d"), 0755));
	CHECK_ERR(link(utest_path("a"), utest_path("b")), EEXIST);
	CHECK_ERR(link(utest_path("missing"), utest_path("c")), ENOENT);
	CHECK_ERR(link(utest_path("a"), utest_path("missing/c")), ENOENT);
	CHECK_ERR(link(utest_path("d"), utest_path("d2")), EPERM);
	CHECK_ERR(linkat(AT_FDCWD, utest_path("a"), AT_FDCWD, utest_path("c"), 0x2), EINVAL);
	CHECK_ERR(linkat(999, "a", AT_FDCWD, utest_path("c"), 0), EBADF);
	CHECK_ERR(access(utest_path("c"), F_OK), ENOENT);
	utest_pass();
}
