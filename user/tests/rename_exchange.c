/* renameat2: RENAME_EXCHANGE swaps two names atomically (files, and a file
 * with a directory in another directory, whose ".." and link counts
 * follow), RENAME_WHITEOUT leaves a 0:0 character device,
 * and the flag checks of Linux. */
#include "utest.h"
#include <sys/sysmacros.h>

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2
#define RENAME_WHITEOUT 4
#endif

static int r2(const char *a, const char *b, unsigned int flags)
{
	return syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, flags);
}

int main(int argc, char **argv)
{
	char buf[8];
	struct stat st, d1, d2;
	int fd;

	utest_begin(argc, argv);
	fd = CHECK_OK(open(utest_path("a"), O_WRONLY | O_CREAT, 0644));
	CHECK_EQ(write(fd, "A", 1), 1);
	CHECK_OK(close(fd));
	fd = CHECK_OK(open(utest_path("b"), O_WRONLY | O_CREAT, 0644));
	CHECK_EQ(write(fd, "B", 1), 1);
	CHECK_OK(close(fd));
	CHECK_OK(r2(utest_path("a"), utest_path("b"), RENAME_EXCHANGE));
	utest_read_file(utest_path("a"), buf, sizeof(buf));
	CHECK_STR_EQ(buf, "B");
	utest_read_file(utest_path("b"), buf, sizeof(buf));
	CHECK_STR_EQ(buf, "A");
	CHECK_OK(r2(utest_path("a"), utest_path("a"), RENAME_EXCHANGE));

	/* A file in d1 and a directory in d2 change places. */
	CHECK_OK(mkdir(utest_path("d1"), 0755));
	CHECK_OK(mkdir(utest_path("d2"), 0755));
	CHECK_OK(mkdir(utest_path("d2/y"), 0755));
	CHECK_OK(mkdir(utest_path("d2/y/sub"), 0755));
	CHECK_OK(rename(utest_path("a"), utest_path("d1/x")));
	CHECK_OK(r2(utest_path("d1/x"), utest_path("d2/y"), RENAME_EXCHANGE));
	CHECK_OK(stat(utest_path("d1/x/sub"), &st));
	CHECK(S_ISDIR(st.st_mode));
	CHECK_OK(stat(utest_path("d2/y"), &st));
	CHECK(S_ISREG(st.st_mode));
	CHECK_OK(stat(utest_path("d1"), &d1));
	CHECK_OK(stat(utest_path("d2"), &d2));
	CHECK_EQ(d1.st_nlink, 3);
	CHECK_EQ(d2.st_nlink, 2);
	CHECK_OK(stat(utest_path("d1/x/.."), &st));
	CHECK_EQ(st.st_ino, d1.st_ino);

	/* Errors. */
	CHECK_ERR(r2(utest_path("b"), utest_path("missing"), RENAME_EXCHANGE), ENOENT);
	CHECK_ERR(r2(utest_path("missing"), utest_path("b"), RENAME_EXCHANGE), ENOENT);
	CHECK_ERR(r2(utest_path("d1"), utest_path("d1/x/sub"), RENAME_EXCHANGE), EINVAL);
	CHECK_ERR(r2(utest_path("b"), utest_path("d2/y"), RENAME_EXCHANGE | RENAME_NOREPLACE), EINVAL);
	CHECK_ERR(r2(utest_path("b"), utest_path("d2/y"), RENAME_EXCHANGE | RENAME_WHITEOUT), EINVAL);
	CHECK_ERR(r2(utest_path("b"), utest_path("c"), 8), EINVAL);
	CHECK_ERR(r2(utest_path("b"), utest_path("d2/y"), RENAME_NOREPLACE), EEXIST);

	/* RENAME_WHITEOUT (unprivileged since Linux 5.8). */
	CHECK_OK(r2(utest_path("b"), utest_path("c"), RENAME_WHITEOUT));
	CHECK_OK(lstat(utest_path("b"), &st));
	CHECK(S_ISCHR(st.st_mode));
	CHECK_EQ(st.st_rdev, makedev(0, 0));
	CHECK_OK(stat(utest_path("c"), &st));
	CHECK(S_ISREG(st.st_mode));
	utest_pass();
}
