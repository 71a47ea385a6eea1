/* O_TMPFILE makes an unnamed file (nlink 0) that linkat through
 * /proc/self/fd can name, unless O_EXCL; O_DIRECT opens files of tmpfs
 * (buffered, any alignment) but not directories, devices or /proc; O_SYNC
 * and O_DSYNC stay in the status flags. Errors as Linux. */
#include "utest.h"
#include <sys/mount.h>

static void check_tmpfile(const char *dir)
{
	char proc[64], named[PATH_MAX], buf[8];
	struct stat st;
	int before = utest_dir_entries(dir), fd, ex, plain;

	fd = CHECK_OK(open(dir, O_TMPFILE | O_RDWR, 0666));
	CHECK_EQ(write(fd, "tmp", 3), 3);
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_nlink, 0);
	CHECK_EQ(st.st_mode, S_IFREG | 0644);	/* umask 022 */
	CHECK_EQ(utest_dir_entries(dir), before);
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	snprintf(named, sizeof(named), "%s/named", dir);
	CHECK_OK(linkat(AT_FDCWD, proc, AT_FDCWD, named, AT_SYMLINK_FOLLOW));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_nlink, 1);
	CHECK_EQ(utest_dir_entries(dir), before + 1);
	utest_read_file(named, buf, sizeof(buf));
	CHECK_STR_EQ(buf, "tmp");
	CHECK_OK(close(fd));

	/* O_EXCL: never linkable; nor is an ordinary file once unlinked. */
	ex = CHECK_OK(open(dir, O_TMPFILE | O_EXCL | O_WRONLY, 0600));
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", ex);
	snprintf(named, sizeof(named), "%s/excl", dir);
	CHECK_ERR(linkat(AT_FDCWD, proc, AT_FDCWD, named, AT_SYMLINK_FOLLOW), ENOENT);
	snprintf(named, sizeof(named), "%s/plain", dir);
	plain = CHECK_OK(open(named, O_RDWR | O_CREAT, 0600));
	CHECK_OK(unlink(named));
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", plain);
	CHECK_ERR(linkat(AT_FDCWD, proc, AT_FDCWD, named, AT_SYMLINK_FOLLOW), ENOENT);
	CHECK_OK(close(ex));
	CHECK_OK(close(plain));

	CHECK_ERR(open(dir, O_TMPFILE | O_RDONLY, 0600), EINVAL);
	CHECK_ERR(open(dir, O_TMPFILE | O_CREAT | O_RDWR, 0600), EINVAL);
	snprintf(named, sizeof(named), "%s/named", dir);
	CHECK_ERR(open(named, O_TMPFILE | O_RDWR, 0600), ENOTDIR);
	snprintf(named, sizeof(named), "%s/missing", dir);
	CHECK_ERR(open(named, O_TMPFILE | O_RDWR, 0600), ENOENT);
}

int main(int argc, char **argv)
{
	char real[PATH_MAX], path[PATH_MAX + 8], buf[8];
	int fd, fl;

	utest_begin(argc, argv);
	umask(022);
	CHECK_OK(mkdir(utest_path("m"), 0755));
	CHECK(realpath(utest_path("m"), real));
	CHECK_OK(mount("none", real, "tmpfs", 0, NULL));
	check_tmpfile(real);

	/* O_DIRECT on tmpfs: unaligned I/O works. */
	snprintf(path, sizeof(path), "%s/d", real);
	fd = CHECK_OK(open(path, O_RDWR | O_CREAT | O_DIRECT, 0644));
	CHECK_EQ(write(fd, "abc", 3), 3);
	CHECK_EQ(pread(fd, buf, 3, 0), 3);
	CHECK(!memcmp(buf, "abc", 3));
	CHECK(fcntl(fd, F_GETFL) & O_DIRECT);
	CHECK_OK(fcntl(fd, F_SETFL, 0));
	CHECK(!(fcntl(fd, F_GETFL) & O_DIRECT));
	CHECK_OK(fcntl(fd, F_SETFL, O_DIRECT));
	CHECK(fcntl(fd, F_GETFL) & O_DIRECT);
	CHECK_OK(close(fd));
	CHECK_ERR(open(real, O_RDONLY | O_DIRECT), EINVAL);
	CHECK_ERR(open("/dev/null", O_RDWR | O_DIRECT), EINVAL);
	CHECK_ERR(open("/proc/self/status", O_RDONLY | O_DIRECT), EINVAL);
	fd = CHECK_OK(open("/dev/null", O_RDWR));
	CHECK_ERR(fcntl(fd, F_SETFL, O_DIRECT), EINVAL);
	CHECK_OK(close(fd));

	/* O_SYNC and O_DSYNC are kept, and F_SETFL does not change them. */
	fd = CHECK_OK(open(path, O_RDWR | O_SYNC));
	fl = CHECK_OK(fcntl(fd, F_GETFL));
	CHECK_EQ(fl & O_SYNC, O_SYNC);
	CHECK_EQ(write(fd, "x", 1), 1);
	CHECK_OK(fcntl(fd, F_SETFL, 0));
	CHECK_EQ(fcntl(fd, F_GETFL) & O_SYNC, O_SYNC);
	CHECK_OK(close(fd));
	fd = CHECK_OK(open(path, O_WRONLY | O_DSYNC));
	fl = CHECK_OK(fcntl(fd, F_GETFL));
	CHECK_EQ(fl & O_SYNC, O_DSYNC);
	CHECK_OK(close(fd));
	CHECK_OK(umount(real));

	/* And in the scratch directory's own file system. */
	check_tmpfile(utest_tmpdir());
	utest_pass();
}
