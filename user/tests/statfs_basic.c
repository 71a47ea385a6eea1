/* statfs and fstatfs agree for a file system, report tmpfs's and procfs's
 * magic numbers, ST_VALID and the mount's flags, and fail as Linux does. */
#include "utest.h"
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>

#define TMPFS_MAGIC 0x01021994
#define PROC_SUPER_MAGIC 0x9fa0
#define PIPEFS_MAGIC 0x50495045
#define ST_VALID_FLAG 0x20

int main(int argc, char **argv)
{
	struct statfs a, b;
	int fd, p[2];
	char real[PATH_MAX];

	utest_begin(argc, argv);
	CHECK_OK(statfs(utest_tmpdir(), &a));
	fd = CHECK_OK(open(utest_tmpdir(), O_RDONLY | O_DIRECTORY));
	CHECK_OK(fstatfs(fd, &b));
	CHECK_EQ(a.f_type, b.f_type);
	CHECK_EQ(a.f_bsize, b.f_bsize);
	CHECK_EQ(a.f_blocks, b.f_blocks);
	CHECK_EQ(a.f_namelen, 255);
	CHECK(a.f_flags & ST_VALID_FLAG);
	CHECK(a.f_bfree <= a.f_blocks && a.f_bavail <= a.f_bfree);
	CHECK_OK(close(fd));

	CHECK_OK(statfs("/proc/self", &a));
	CHECK_EQ(a.f_type, PROC_SUPER_MAGIC);

	CHECK_OK(pipe(p));
	CHECK_OK(fstatfs(p[0], &a));
	CHECK_EQ(a.f_type, PIPEFS_MAGIC);

	/* A fresh tmpfs with flags: its magic, a page block size, the flags. */
	CHECK_OK(mkdir(utest_path("m"), 0755));
	CHECK(realpath(utest_path("m"), real));
	CHECK_OK(mount("none", real, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL));
	CHECK_OK(statfs(real, &a));
	CHECK_EQ(a.f_type, TMPFS_MAGIC);
	CHECK_EQ(a.f_bsize, 4096);
	CHECK_EQ(a.f_frsize, 4096);
	CHECK_MSG((a.f_flags & (ST_NOSUID | ST_NODEV | ST_NOEXEC | ST_RDONLY)) ==
		  (ST_NOSUID | ST_NODEV | ST_NOEXEC), "flags %#lx", (long)a.f_flags);
	CHECK(a.f_blocks > 0 && a.f_files > 0);	/* default: half of RAM */
	CHECK_OK(umount(real));
	CHECK_OK(mount("none", real, "tmpfs", MS_RDONLY, NULL));
	CHECK_OK(statfs(real, &a));
	CHECK_MSG((a.f_flags & (ST_RDONLY | ST_NOSUID)) == ST_RDONLY, "flags %#lx", (long)a.f_flags);
	CHECK_OK(mount("none", real, NULL, MS_REMOUNT, NULL));
	CHECK_OK(statfs(real, &a));
	CHECK(!(a.f_flags & ST_RDONLY));
	CHECK_OK(umount(real));

	CHECK_ERR(statfs(utest_path("missing"), &a), ENOENT);
	CHECK_ERR(statfs("", &a), ENOENT);
	CHECK_ERR(syscall(SYS_statfs, utest_tmpdir(), UTEST_BAD_PTR), EFAULT);
	CHECK_ERR(syscall(SYS_statfs, UTEST_BAD_PTR, &a), EFAULT);
	CHECK_ERR(fstatfs(-1, &a), EBADF);
	CHECK_ERR(fstatfs(999, &a), EBADF);
	utest_pass();
}
