/* renameat2 RENAME_EXCHANGE on FAT (Linux's vfat has it since 6.0): each
 * name keeps its place and takes the other's file; a directory that moves
 * to another parent gets ".." and the link counts right; the same name
 * twice is a no-op; a missing side is ENOENT, moving a directory below
 * itself EINVAL, and NOREPLACE or WHITEOUT with it EINVAL. */
#include "fat_disk.h"

#define EXCHANGE 2	/* RENAME_EXCHANGE */

static long xchg(const char *dir, const char *a, const char *b, unsigned int flags)
{
	char pa[2 * UTEST_PATH_MAX], pb[2 * UTEST_PATH_MAX];

	snprintf(pa, sizeof(pa), "%s/%s", dir, a);
	snprintf(pb, sizeof(pb), "%s/%s", dir, b);
	return syscall(SYS_renameat2, AT_FDCWD, pa, AT_FDCWD, pb, flags);
}

static void expect_content(const char *dir, const char *leaf, const char *want)
{
	char p[2 * UTEST_PATH_MAX], got[32] = { 0 };
	int fd;

	snprintf(p, sizeof(p), "%s/%s", dir, leaf);
	fd = CHECK_OK(open(p, O_RDONLY));
	CHECK_OK(read(fd, got, sizeof(got) - 1));
	CHECK_OK(close(fd));
	CHECK_STR_EQ(got, want);
}

int main(int argc, char **argv)
{
	const char *t;
	char p[2 * UTEST_PATH_MAX];
	struct stat left, right, st, before;

	utest_begin(argc, argv);
	t = fat_require();
	snprintf(p, sizeof(p), "%s/The first file, long name", t);
	utest_write_file(p, "first", 0644);
	snprintf(p, sizeof(p), "%s/SECOND.TXT", t);
	utest_write_file(p, "second", 0644);
	snprintf(p, sizeof(p), "%s/The first file, long name", t);
	CHECK_OK(stat(p, &before));
	CHECK_OK(xchg(t, "The first file, long name", "SECOND.TXT", EXCHANGE));
	expect_content(t, "The first file, long name", "second");
	expect_content(t, "SECOND.TXT", "first");
	snprintf(p, sizeof(p), "%s/SECOND.TXT", t);
	CHECK_OK(stat(p, &st));
	CHECK_EQ(st.st_ino, before.st_ino);	/* the file moved, its number with it */
	CHECK_OK(xchg(t, "SECOND.TXT", "second.txt", EXCHANGE));	/* one entry */

	/* A directory tree in "Left side" and a file in "Right side" swap. */
	snprintf(p, sizeof(p), "%s/Left side", t);
	CHECK_OK(mkdir(p, 0755));
	snprintf(p, sizeof(p), "%s/Right side", t);
	CHECK_OK(mkdir(p, 0755));
	snprintf(p, sizeof(p), "%s/Left side/a directory", t);
	CHECK_OK(mkdir(p, 0755));
	snprintf(p, sizeof(p), "%s/Left side/a directory/inner one", t);
	CHECK_OK(mkdir(p, 0755));
	snprintf(p, sizeof(p), "%s/Right side/plain file", t);
	utest_write_file(p, "plain", 0644);
	CHECK_OK(xchg(t, "Left side/a directory", "Right side/plain file", EXCHANGE));
	expect_content(t, "Left side/a directory", "plain");
	snprintf(p, sizeof(p), "%s/Right side/plain file/inner one", t);
	CHECK_OK(stat(p, &st));
	CHECK(S_ISDIR(st.st_mode));
	snprintf(p, sizeof(p), "%s/Left side", t);
	CHECK_OK(stat(p, &left));
	snprintf(p, sizeof(p), "%s/Right side", t);
	CHECK_OK(stat(p, &right));
	CHECK_EQ(left.st_nlink, 2);
	CHECK_EQ(right.st_nlink, 3);
	snprintf(p, sizeof(p), "%s/Right side/plain file/..", t);
	CHECK_OK(stat(p, &st));
	CHECK_EQ(st.st_ino, right.st_ino);

	CHECK_ERR(xchg(t, "SECOND.TXT", "no such file", EXCHANGE), ENOENT);
	CHECK_ERR(xchg(t, "Right side", "Right side/plain file/inner one", EXCHANGE), EINVAL);
	CHECK_ERR(xchg(t, "SECOND.TXT", "Left side/a directory", EXCHANGE | 1), EINVAL);
	CHECK_ERR(xchg(t, "SECOND.TXT", "Left side/a directory", EXCHANGE | 4), EINVAL);
	CHECK_ERR(xchg(t, "SECOND.TXT", "elsewhere", 4 /* WHITEOUT: no device nodes */), EINVAL);
	utest_pass();
}
