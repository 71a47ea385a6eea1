/* A bind mount shows a directory at a second place: the same files (same
 * device and inode numbers), changes seen through both; umount removes
 * only the second view. */
#include "utest.h"
#include <sys/mount.h>

int main(int argc, char **argv)
{
	char *a, *b;
	struct stat sa, sb;
	int fd;

	utest_begin(argc, argv);
	a = utest_path("x/a");	/* a's parent is x, b's the scratch directory */
	b = utest_path("b");
	CHECK_OK(mkdir(utest_path("x"), 0755));
	CHECK_OK(mkdir(a, 0755));
	CHECK_OK(mkdir(b, 0755));
	fd = CHECK_OK(open(utest_path("x/a/f"), O_WRONLY | O_CREAT, 0644));
	close(fd);
	CHECK_OK(mount(a, b, NULL, MS_BIND, NULL));
	CHECK_OK(stat(utest_path("x/a/f"), &sa));
	CHECK_OK(stat(utest_path("b/f"), &sb));
	CHECK_EQ(sa.st_ino, sb.st_ino);
	CHECK_EQ(sa.st_dev, sb.st_dev);
	fd = CHECK_OK(open(utest_path("b/g"), O_WRONLY | O_CREAT, 0644));
	close(fd);
	CHECK_OK(access(utest_path("x/a/g"), F_OK));
	/* ".." of the bind's root leads out of b, to b's parent, not a's. */
	CHECK_OK(stat(utest_path("b/.."), &sb));
	CHECK_OK(stat(utest_tmpdir(), &sa));
	CHECK_EQ(sa.st_ino, sb.st_ino);
	CHECK_OK(umount(b));
	CHECK_ERR(access(utest_path("b/f"), F_OK), ENOENT);
	CHECK_OK(access(utest_path("x/a/f"), F_OK));
	utest_pass();
}
