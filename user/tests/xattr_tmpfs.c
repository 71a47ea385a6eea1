/* Extended attributes on tmpfs: set (XATTR_CREATE/REPLACE), get, list and
 * remove through a path, a link and a descriptor; user.*, trusted.* (for
 * root of the initial namespace), Linux's name and size limits and
 * namespace rules. */
#include "utest.h"
#include <sys/mount.h>
#include <sys/xattr.h>
#include "xattr_basic.h"

static char *in(const char *mp, const char *leaf)
{
	static char buf[4][PATH_MAX + 16];
	static int n;
	char *p = buf[n++ % 4];

	snprintf(p, sizeof(buf[0]), "%s/%s", mp, leaf);
	return p;
}

int main(int argc, char **argv)
{
	char real[PATH_MAX], buf[256], list[512], longname[300];
	static char big[70000];
	char f[PATH_MAX + 8];
	ssize_t len;
	int fd;
	pid_t pid;

	utest_begin(argc, argv);
	CHECK_OK(mkdir(utest_path("m"), 0755));
	CHECK(realpath(utest_path("m"), real));
	CHECK_OK(mount("none", real, "tmpfs", 0, NULL));
	snprintf(f, sizeof(f), "%s/f", real);
	fd = CHECK_OK(open(f, O_RDWR | O_CREAT, 0644));
	xattr_basic(f, fd);

	/* Names: empty or longer than 255 bytes: ERANGE; 255 is fine. */
	CHECK_ERR(setxattr(f, "", "x", 1, 0), ERANGE);
	memset(longname, 'n', sizeof(longname));
	memcpy(longname, "user.", 5);
	longname[256] = 0;
	CHECK_ERR(setxattr(f, longname, "x", 1, 0), ERANGE);
	CHECK_ERR(getxattr(f, longname, buf, sizeof(buf)), ERANGE);
	longname[255] = 0;
	CHECK_OK(setxattr(f, longname, "x", 1, 0));
	CHECK_EQ(getxattr(f, longname, buf, sizeof(buf)), 1);
	/* Values: past XATTR_SIZE_MAX E2BIG; a user.* one past a page ENOSPC. */
	CHECK_ERR(setxattr(f, "user.big", big, 65537, 0), E2BIG);
	CHECK_OK(setxattr(f, "user.big", big, 5000, 0));
	CHECK_EQ(getxattr(f, "user.big", big, sizeof(big)), 5000);
	CHECK_ERR(setxattr(f, "user.a", "x", 1, 4), EINVAL);
	CHECK_ERR(setxattr(f, "foo.bar", "x", 1, 0), EOPNOTSUPP);
	CHECK_ERR(getxattr(f, "foo.bar", buf, sizeof(buf)), EOPNOTSUPP);
	CHECK_ERR(setxattr(in(real, "missing"), "user.a", "x", 1, 0), ENOENT);
	CHECK_ERR(syscall(SYS_setxattr, f, UTEST_BAD_PTR, "x", 1, 0), EFAULT);
	CHECK_ERR(syscall(SYS_setxattr, f, "user.a", UTEST_BAD_PTR, 1, 0), EFAULT);
	CHECK_ERR(fsetxattr(-1, "user.a", "x", 1, 0), EBADF);

	/* user.* is for files and directories: not on the link itself. */
	CHECK_OK(symlink("f", in(real, "l")));
	CHECK_ERR(lsetxattr(in(real, "l"), "user.a", "x", 1, 0), EPERM);
	CHECK_ERR(lgetxattr(in(real, "l"), "user.a", buf, sizeof(buf)), ENODATA);
	CHECK_OK(setxattr(in(real, "l"), "user.via", "x", 1, 0));	/* follows it */
	CHECK_EQ(getxattr(f, "user.via", buf, sizeof(buf)), 1);
	CHECK_EQ(llistxattr(in(real, "l"), list, sizeof(list)), 0);
	CHECK_OK(mkdir(in(real, "d"), 0755));
	CHECK_OK(setxattr(in(real, "d"), "user.dir", "x", 1, 0));

	/* trusted.*: root of the initial namespace only. */
	if (utest_system_root()) {
		CHECK_OK(setxattr(f, "trusted.t", "tt", 2, 0));
		CHECK_EQ(getxattr(f, "trusted.t", buf, sizeof(buf)), 2);
		len = listxattr(f, list, sizeof(list));
		CHECK(xattr_listed(list, len, "trusted.t"));
	} else {
		CHECK_ERR(setxattr(f, "trusted.t", "tt", 2, 0), EPERM);
		CHECK_ERR(getxattr(f, "trusted.t", buf, sizeof(buf)), ENODATA);
	}

	/* Others may read but, without write permission, not set. */
	CHECK_OK(chmod(utest_tmpdir(), 0755));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		CHECK_OK(setuid(65534));
		CHECK_EQ(getxattr(f, "user.via", buf, sizeof(buf)), 1);
		CHECK_ERR(setxattr(f, "user.x", "x", 1, 0), EACCES);
		CHECK_ERR(removexattr(f, "user.via"), EACCES);
		len = listxattr(f, list, sizeof(list));
		CHECK(!xattr_listed(list, len, "trusted.t"));
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	CHECK_OK(close(fd));
	CHECK_OK(umount(real));

	/* Attributes share nr_inodes='s space (1 KiB an inode) with inodes:
	 * root and f leave 1024 bytes, which one attribute of 40 + name +
	 * value bytes fills. */
	CHECK_OK(mount("none", real, "tmpfs", 0, "nr_inodes=3"));
	CHECK_OK(close(CHECK_OK(open(f, O_RDWR | O_CREAT, 0644))));
	CHECK_ERR(setxattr(f, "user.x", big, 979, 0), ENOSPC);
	CHECK_OK(setxattr(f, "user.x", big, 978, 0));
	CHECK_ERR(setxattr(f, "user.y", "", 0, 0), ENOSPC);
	CHECK_ERR(open(in(real, "g"), O_RDWR | O_CREAT, 0644), ENOSPC);
	CHECK_OK(removexattr(f, "user.x"));
	CHECK_OK(close(CHECK_OK(open(in(real, "g"), O_RDWR | O_CREAT, 0644))));
	CHECK_ERR(setxattr(f, "user.y", "", 0, 0), ENOSPC);
	CHECK_OK(umount(real));
	utest_pass();
}
