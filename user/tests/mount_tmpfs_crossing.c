/* A tmpfs mounted on a directory: paths lead into its root (another
 * device, empty), ".." at its root leads back out, files made there are
 * its own, and after umount the directory shows what it held before. */
#include "utest.h"
#include <sys/mount.h>

int main(int argc, char **argv)
{
	char *m, *hidden, *inner;
	char cwd[PATH_MAX], real[PATH_MAX];
	struct stat top, dir, root, up, st;
	int fd;

	utest_begin(argc, argv);
	m = utest_path("m");
	hidden = utest_path("m/hidden");
	inner = utest_path("m/x");
	CHECK_OK(mkdir(m, 0755));
	fd = CHECK_OK(open(hidden, O_WRONLY | O_CREAT, 0644));
	close(fd);
	CHECK_OK(stat(utest_tmpdir(), &top));
	CHECK_OK(stat(m, &dir));
	CHECK_OK(mount("none", m, "tmpfs", 0, NULL));
	CHECK_OK(stat(m, &root));
	CHECK(root.st_dev != dir.st_dev);
	CHECK(S_ISDIR(root.st_mode));
	CHECK_EQ(root.st_mode & 07777, 01777);	/* a new tmpfs's root */
	CHECK_ERR(access(hidden, F_OK), ENOENT);
	/* ".." of the mount root is the directory holding the mount point. */
	CHECK_OK(stat(utest_path("m/.."), &up));
	CHECK_EQ(up.st_ino, top.st_ino);
	CHECK_EQ(up.st_dev, top.st_dev);
	CHECK_OK(mkdir(inner, 0700));
	CHECK_OK(stat(inner, &st));
	CHECK_EQ(st.st_dev, root.st_dev);
	/* getcwd across the mount, and back out with chdir(".."). */
	CHECK_OK(chdir(inner));
	CHECK(getcwd(cwd, sizeof(cwd)));
	CHECK(realpath(utest_tmpdir(), real));
	strcat(real, "/m/x");
	CHECK_STR_EQ(cwd, real);
	CHECK_OK(chdir("../.."));
	CHECK(getcwd(cwd, sizeof(cwd)));
	CHECK(realpath(utest_tmpdir(), real));
	CHECK_STR_EQ(cwd, real);
	/* ".." never climbs above "/", even through a mount. */
	CHECK_OK(chdir("m/../../../../../../../../../../../../../.."));
	CHECK(getcwd(cwd, sizeof(cwd)));
	CHECK_STR_EQ(cwd, "/");
	CHECK_OK(umount(m));
	CHECK_OK(stat(m, &st));
	CHECK_EQ(st.st_dev, dir.st_dev);
	CHECK_EQ(st.st_ino, dir.st_ino);
	CHECK_OK(access(hidden, F_OK));
	CHECK_ERR(access(inner, F_OK), ENOENT);
	utest_pass();
}
