/* renameat2 moves a file to a new name (across directories too), replacing
 * an existing target file atomically; the inode comes along. */
#include "utest.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif

int main(int argc, char **argv)
{
	struct stat before, after;
	char buf[16];

	utest_begin(argc, argv);
	utest_write_file(utest_path("a"), "alpha", 0644);
	utest_write_file(utest_path("b"), "beta", 0644);
	CHECK_OK(mkdir(utest_path("d"), 0755));
	CHECK_OK(stat(utest_path("a"), &before));
	CHECK_EQ(syscall(SYS_renameat2, AT_FDCWD, utest_path("a"), AT_FDCWD, utest_path("d/a2"), 0),
		 0);
	CHECK_ERR(stat(utest_path("a"), &after), ENOENT);
	CHECK_OK(stat(utest_path("d/a2"), &after));
	CHECK_EQ(after.st_ino, before.st_ino);
	CHECK_EQ(syscall(SYS_renameat2, AT_FDCWD, utest_path("d/a2"), AT_FDCWD, utest_path("b"), 0),
		 0);
	CHECK_EQ(utest_read_file(utest_path("b"), buf, sizeof(buf)), 5);
	CHECK_STR_EQ(buf, "alpha");
	CHECK_ERR(stat(utest_path("d/a2"), &after), ENOENT);
	/* Renaming a name onto itself is a successful no-op. */
	CHECK_EQ(rename(utest_path("b"), utest_path("b")), 0);
	CHECK_OK(stat(utest_path("b"), &after));
	/* A directory moves with its contents. */
	CHECK_EQ(rename(utest_path("d"), utest_path("e")), 0);
	CHECK_OK(mkdir(utest_path("e/sub"), 0755));
	CHECK_EQ(rename(utest_path("e/sub"), utest_path("sub")), 0);
	CHECK_OK(stat(utest_path("sub"), &after));
	CHECK(S_ISDIR(after.st_mode));
	utest_pass();
}
