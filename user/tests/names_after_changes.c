/* Looking a name up, then changing it, then looking it up again sees the
 * change, whatever way it changed: the answers a path walk remembers
 * (Linux's dentry cache, positive and negative) never go stale. Each name
 * is looked up before it changes so that a cache holds it. */
#include "utest.h"

static int exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

int main(int argc, char **argv)
{
	char d[UTEST_PATH_MAX / 2], a[UTEST_PATH_MAX], b[UTEST_PATH_MAX], c[UTEST_PATH_MAX];
	char sub[UTEST_PATH_MAX], deep[UTEST_PATH_MAX];
	struct stat st, st2;
	int fd;

	utest_begin(argc, argv);
	snprintf(d, sizeof(d), "%s", utest_path("d"));
	snprintf(a, sizeof(a), "%s/a", d);
	snprintf(b, sizeof(b), "%s/b", d);
	snprintf(c, sizeof(c), "%s/c", d);
	snprintf(sub, sizeof(sub), "%s/sub", d);
	snprintf(deep, sizeof(deep), "%s/sub/x", d);

	CHECK(!exists(d));
	CHECK_OK(mkdir(d, 0755));
	CHECK(exists(d));

	/* create after a miss, with open(O_CREAT), mknod and mkdir */
	CHECK(!exists(a));
	fd = CHECK_OK(open(a, O_WRONLY | O_CREAT | O_EXCL, 0644));
	CHECK_OK(close(fd));
	CHECK(exists(a));
	CHECK(!exists(b));
	CHECK_OK(mknod(b, S_IFREG | 0600, 0));
	CHECK(exists(b));
	CHECK(!exists(sub));
	CHECK(!exists(deep));
	CHECK_OK(mkdir(sub, 0755));
	CHECK(!exists(deep));
	utest_write_file(deep, "x", 0644);
	CHECK(exists(deep));

	/* rename: the old name goes, the new one comes, over an old file too */
	CHECK_OK(stat(a, &st));
	CHECK_OK(rename(a, c));
	CHECK(!exists(a));
	CHECK_OK(stat(c, &st2));
	CHECK_EQ(st.st_ino, st2.st_ino);
	CHECK_OK(stat(b, &st));
	CHECK_OK(rename(b, c));
	CHECK(!exists(b));
	CHECK_OK(stat(c, &st2));
	CHECK_EQ(st.st_ino, st2.st_ino);

	/* a hard link, then the first name goes */
	CHECK_OK(link(c, a));
	CHECK_OK(stat(a, &st));
	CHECK_EQ(st.st_nlink, 2);
	CHECK_OK(unlink(c));
	CHECK(!exists(c));
	CHECK_OK(stat(a, &st));
	CHECK_EQ(st.st_nlink, 1);

	/* a symlink after a miss */
	CHECK(!exists(b));
	CHECK_OK(symlink("a", b));
	CHECK_OK(stat(b, &st2));
	CHECK_EQ(st.st_ino, st2.st_ino);

	/* a directory renamed: names below follow it */
	CHECK_OK(rename(sub, c));
	CHECK(!exists(deep));
	snprintf(deep, sizeof(deep), "%s/c/x", d);
	CHECK(exists(deep));

	/* exchange a file and a directory */
	CHECK_OK(syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, c, 2 /* RENAME_EXCHANGE */));
	CHECK_OK(stat(a, &st));
	CHECK(S_ISDIR(st.st_mode));
	CHECK_OK(stat(c, &st));
	CHECK(S_ISREG(st.st_mode));
	snprintf(deep, sizeof(deep), "%s/a/x", d);
	CHECK(exists(deep));

	/* a removed directory, made again, is empty */
	CHECK_OK(unlink(deep));
	CHECK(!exists(deep));
	CHECK_OK(rmdir(a));
	CHECK(!exists(a));
	CHECK(!exists(deep));
	CHECK_OK(mkdir(a, 0755));
	CHECK(!exists(deep));
	CHECK_OK(rmdir(a));

	CHECK_OK(unlink(b));
	CHECK_OK(unlink(c));
	CHECK_OK(rmdir(d));
	CHECK(!exists(d));
	CHECK(!exists(a));
	utest_pass();
}
