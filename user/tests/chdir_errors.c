/* chdir to a missing directory is ENOENT, to a regular file ENOTDIR, with a
 * bad path pointer EFAULT; the working directory stays where it was. */
#include "utest.h"

int main(int argc, char **argv)
{
	char cwd[UTEST_PATH_MAX];

	utest_begin(argc, argv);
	utest_write_file(utest_path("f"), "x", 0644);
	CHECK_OK(chdir(utest_tmpdir()));
	CHECK_ERR(chdir(utest_path("missing")), ENOENT);
	CHECK_ERR(chdir(utest_path("f")), ENOTDIR);
	CHECK_ERR(chdir(""), ENOENT);
	CHECK_ERR(syscall(SYS_chdir, UTEST_BAD_PTR), EFAULT);
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	CHECK_STR_EQ(cwd, utest_tmpdir());
	CHECK_OK(chdir("/"));
	utest_pass();
}
