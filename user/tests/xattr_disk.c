/* Extended attributes on the file system of /tmp (ext4 in the disk runs):
 * set (XATTR_CREATE/REPLACE), get, list and remove on a file and a
 * directory; a value too big for the inode goes to the xattr block (and
 * e2fsck after the disk run finds it freed with its last entry); a value bigger
 * than a block, or more names than inode and block hold, fail with
 * ENOSPC and leave the others intact. FAT has none: EOPNOTSUPP. */
#include "utest.h"
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/xattr.h>
#include "xattr_basic.h"

/* A value that tells which name it belongs to. */
static void fill(char *v, size_t n, int seed)
{
	for (size_t i = 0; i < n; i++)
		v[i] = (char)('a' + (seed * 7 + i) % 26);
}

int main(int argc, char **argv)
{
	static char big[70000], got[70000], list[65536];
	char name[64], longname[300], buf[256];
	const char *f, *d;
	struct statvfs sv;
	struct statfs sf;
	long bsize;
	ssize_t len;
	int fd, n, i;

	utest_begin(argc, argv);
	f = utest_path("f");
	d = utest_path("d");
	fd = CHECK_OK(open(f, O_RDWR | O_CREAT, 0644));
	CHECK_OK(statfs(f, &sf));
	if (sf.f_type == 0x4d44) {	/* MSDOS_SUPER_MAGIC: vfat has no xattr handlers */
		CHECK_ERR(setxattr(f, "user.a", "v1", 2, 0), EOPNOTSUPP);
		CHECK_ERR(getxattr(f, "user.a", buf, sizeof(buf)), EOPNOTSUPP);
		CHECK_ERR(removexattr(f, "user.a"), EOPNOTSUPP);
		CHECK_OK(close(fd));
		utest_pass();
	}
	CHECK_OK(statvfs(f, &sv));
	bsize = (long)sv.f_bsize;
	xattr_basic(f, fd);
	CHECK_ERR(setxattr(f, "user.", "x", 1, 0), EINVAL);
	CHECK_ERR(setxattr(f, "foo.bar", "x", 1, 0), EOPNOTSUPP);
	CHECK_ERR(setxattr(f, "user.big", big, 65537, 0), E2BIG);
	memset(longname, 'n', sizeof(longname));
	memcpy(longname, "user.", 5);
	longname[255] = 0;
	CHECK_OK(setxattr(f, longname, "x", 1, 0));
	CHECK_EQ(getxattr(f, longname, buf, sizeof(buf)), 1);
	CHECK_OK(removexattr(f, longname));

	/* A value the inode cannot hold: the xattr block, one more block. */
	fill(big, (size_t)bsize - 200, 1);
	CHECK_OK(setxattr(f, "user.large", big, (size_t)bsize - 200, 0));
	CHECK_EQ(getxattr(f, "user.large", got, sizeof(got)), bsize - 200);
	CHECK(!memcmp(got, big, (size_t)bsize - 200));
	CHECK_OK(setxattr(f, "user.small", "s", 1, 0));	/* beside it, in the inode */
	/* Bigger than a block: no room anywhere. */
	CHECK_ERR(setxattr(f, "user.huge", big, (size_t)bsize, 0), ENOSPC);
	CHECK_ERR(setxattr(f, "user.large", big, (size_t)bsize, 0), ENOSPC);
	CHECK_EQ(getxattr(f, "user.large", got, sizeof(got)), bsize - 200);
	/* Made small, it moves into the inode and the block goes. */
	CHECK_OK(setxattr(f, "user.large", "tiny", 4, XATTR_REPLACE));
	CHECK_EQ(getxattr(f, "user.large", buf, sizeof(buf)), 4);
	CHECK(!memcmp(buf, "tiny", 4));
	CHECK_OK(setxattr(f, "user.large", big, (size_t)bsize - 200, 0));
	CHECK_OK(removexattr(f, "user.large"));
	CHECK_OK(removexattr(f, "user.small"));

	/* Many names: inode, then block, then ENOSPC. */
	for (n = 0; n < 1000; n++) {
		snprintf(name, sizeof(name), "user.name%04d", n);
		fill(big, 40, n);
		if (setxattr(f, name, big, 40, XATTR_CREATE) < 0) {
			CHECK_EQ(errno, ENOSPC);
			break;
		}
	}
	CHECK(n < 1000);
	/* 16 + 12 + 40 bytes an entry: the block is about full. */
	CHECK_MSG(n * 68 >= bsize - 100, "only %d names", n);
	len = listxattr(f, list, sizeof(list));
	CHECK_EQ(len, (ssize_t)n * (ssize_t)sizeof("user.name0000"));
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "user.name%04d", i);
		CHECK_MSG(xattr_listed(list, len, name), "%s not listed", name);
		CHECK_EQ(getxattr(f, name, got, sizeof(got)), 40);
		fill(big, 40, i);
		CHECK_MSG(!memcmp(got, big, 40), "%s has a wrong value", name);
	}
	/* Full, a value of the same size still replaces; one gone makes room. */
	fill(big, 40, 999);
	CHECK_OK(setxattr(f, "user.name0000", big, 40, XATTR_REPLACE));
	CHECK_EQ(getxattr(f, "user.name0000", got, sizeof(got)), 40);
	CHECK(!memcmp(got, big, 40));
	CHECK_ERR(setxattr(f, "user.extra", big, 40, 0), ENOSPC);
	snprintf(name, sizeof(name), "user.name%04d", n / 2);
	CHECK_OK(removexattr(f, name));
	CHECK_OK(setxattr(f, "user.extra", big, 40, 0));
	CHECK_OK(removexattr(f, "user.extra"));
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "user.name%04d", i);
		if (i != n / 2)
			CHECK_OK(removexattr(f, name));
	}
	CHECK_EQ(listxattr(f, list, sizeof(list)), 0);

	/* Directories hold them too; they stay after a close and reopen. */
	CHECK_OK(mkdir(d, 0755));
	CHECK_OK(setxattr(d, "user.dir", "dv", 2, 0));
	fill(big, 1000, 3);
	CHECK_OK(setxattr(d, "user.dirbig", big, 1000, 0));
	CHECK_OK(close(fd));
	CHECK_OK(fsync(fd = CHECK_OK(open(d, O_RDONLY | O_DIRECTORY))));
	CHECK_EQ(getxattr(d, "user.dir", buf, sizeof(buf)), 2);
	CHECK_EQ(getxattr(d, "user.dirbig", got, sizeof(got)), 1000);
	CHECK(!memcmp(got, big, 1000));
	CHECK_OK(close(fd));
	if (utest_system_root()) {
		CHECK_OK(setxattr(f, "trusted.t", "tt", 2, 0));
		CHECK_EQ(getxattr(f, "trusted.t", buf, sizeof(buf)), 2);
		CHECK_OK(setxattr(f, "security.s", "ss", 2, 0));
		CHECK_EQ(getxattr(f, "security.s", buf, sizeof(buf)), 2);
		len = listxattr(f, list, sizeof(list));
		CHECK(xattr_listed(list, len, "trusted.t") && xattr_listed(list, len, "security.s"));
	}
	utest_pass();
}
