/* RENAME_NOREPLACE refuses to replace an existing target (EEXIST), leaving
 * both files as they were, and renames when the target is free. */
#include "utest.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif

int main(int argc, char **argv)
{
	char buf[16];

	utest_begin(argc, argv);
	utest_write_file(utest_path("a"), "alpha", 0644);
	utest_write_file(utest_path("b"), "beta", 0644);
	CHECK_ERR(syscall(SYS_renameat2, AT_FDCWD, utest_path("a"), AT_FDCWD, utest_path("b"),
			  RENAME_NOREPLACE),
		  EEXIST);
	CHECK_EQ(utest_read_file(utest_path("a"), buf, sizeof(buf)), 5);
	CHECK_EQ(utest_read_file(utest_path("b"), buf, sizeof(buf)), 4);
	CHECK_STR_EQ(buf, "beta");
	CHECK_EQ(syscall(SYS_renameat2, AT_FDCWD, utest_path("a"), AT_FDCWD, utest_path("c"),
			 RENAME_NOREPLACE),
		 0);
	CHECK_EQ(utest_read_file(utest_path("c"), buf, sizeof(buf)), 5);
	CHECK_ERR(access(utest_path("a"), F_OK), ENOENT);
	CHECK_ERR(syscall(SYS_renameat2, AT_FDCWD, utest_path("c"), AT_FDCWD, utest_path("d"),
			  0x100),
		  EINVAL);
	utest_pass();
}
