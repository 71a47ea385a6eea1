/* tmpfs mount options size=, nr_inodes=, mode=, uid=, gid=: statfs reports
 * the limits, writes past size= and files past nr_inodes= fail with
 * ENOSPC, and a remount changes the limits (not below what is in use). */
#include "utest.h"
#include <sys/mount.h>
#include <sys/statfs.h>

int main(int argc, char **argv)
{
	static char buf[4096];
	char real[PATH_MAX], name[PATH_MAX + 16];
	struct statfs s;
	struct stat st;
	int fd;

	utest_begin(argc, argv);
	CHECK_OK(mkdir(utest_path("m"), 0755));
	CHECK(realpath(utest_path("m"), real));
	CHECK_ERR(mount("none", real, "tmpfs", 0, "size=12q"), EINVAL);
	CHECK_ERR(mount("none", real, "tmpfs", 0, "bogus=1"), EINVAL);
	CHECK_OK(mount("none", real, "tmpfs", 0, "size=64k,nr_inodes=4,mode=0710,uid=12,gid=34"));
	CHECK_OK(stat(real, &st));
	CHECK_EQ(st.st_mode, S_IFDIR | 0710);
	CHECK_EQ(st.st_uid, 12);
	CHECK_EQ(st.st_gid, 34);
	CHECK_OK(statfs(real, &s));
	CHECK_EQ(s.f_blocks, 16);
	CHECK_EQ(s.f_bfree, 16);
	CHECK_EQ(s.f_files, 4);
	CHECK_EQ(s.f_ffree, 3);	/* the root is one */

	snprintf(name, sizeof(name), "%s/a", real);
	fd = CHECK_OK(open(name, O_WRONLY | O_CREAT, 0644));
	memset(buf, 'x', sizeof(buf));
	for (int i = 0; i < 16; i++)
		CHECK_EQ(write(fd, buf, sizeof(buf)), (ssize_t)sizeof(buf));
	CHECK_ERR(write(fd, buf, 1), ENOSPC);
	CHECK_OK(statfs(real, &s));
	CHECK_EQ(s.f_bfree, 0);
	CHECK_EQ(s.f_ffree, 2);

	/* Two more inodes fit, the third does not. */
	snprintf(name, sizeof(name), "%s/b", real);
	CHECK_OK(close(CHECK_OK(open(name, O_WRONLY | O_CREAT, 0644))));
	snprintf(name, sizeof(name), "%s/c", real);
	CHECK_OK(mkdir(name, 0755));
	snprintf(name, sizeof(name), "%s/d", real);
	CHECK_ERR(open(name, O_WRONLY | O_CREAT, 0644), ENOSPC);
	CHECK_ERR(mkdir(name, 0755), ENOSPC);

	/* Remount: larger limits let the write go on; smaller than in use fails. */
	CHECK_ERR(mount("none", real, NULL, MS_REMOUNT, "size=32k"), EINVAL);
	CHECK_OK(mount("none", real, NULL, MS_REMOUNT, "size=128k,nr_inodes=8"));
	CHECK_OK(statfs(real, &s));
	CHECK_EQ(s.f_blocks, 32);
	CHECK_EQ(s.f_bfree, 16);
	CHECK_EQ(s.f_files, 8);
	CHECK_EQ(write(fd, buf, sizeof(buf)), (ssize_t)sizeof(buf));
	CHECK_OK(close(CHECK_OK(open(name, O_WRONLY | O_CREAT, 0644))));

	/* Freed space comes back. */
	CHECK_OK(ftruncate(fd, 0));
	CHECK_OK(statfs(real, &s));
	CHECK_EQ(s.f_bfree, 32);
	CHECK_OK(close(fd));
	CHECK_OK(umount(real));

	/* size in percent of RAM, and a page-rounded byte count. */
	CHECK_OK(mount("none", real, "tmpfs", 0, "size=5000"));
	CHECK_OK(statfs(real, &s));
	CHECK_EQ(s.f_blocks, 2);
	CHECK_OK(umount(real));
	CHECK_OK(mount("none", real, "tmpfs", 0, "size=1%"));
	CHECK_OK(statfs(real, &s));
	CHECK(s.f_blocks > 0);
	CHECK_OK(umount(real));
	utest_pass();
}
