/* ext4 writes: on the disk made by tools/mkext4-test-image.sh (see
 * ext4_image_read), create, write, grow, truncate, link, symlink, rename
 * (also RENAME_NOREPLACE and RENAME_EXCHANGE), mkdir, rmdir, unlink and
 * add 300 names to the htree directory (after checking that the mount
 * processed the image's orphan list); then unmount, mount again and
 * check it all, and remove it all again (the disk is as it was, so each
 * C library's build of the test runs on it in turn). The host runs e2fsck -fn on the image afterwards
 * (tools/check-fs-image.sh). Needs the disk: the Linux oracle has none. */
#include "utest.h"
#include "ext4_disk.h"
#include <dirent.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/xattr.h>

static char path[700];
static const char *P(const char *m, const char *leaf)
{
	snprintf(path, sizeof(path), "%s/%s", m, leaf);
	return path;
}

#define BIG (8 << 20)

static unsigned char pat(long i)
{
	return (unsigned char)((i * 13 + i / 1024 + 5) & 0xff);
}

static void check_file(const char *p, const char *want)
{
	char buf[256];
	int fd = CHECK_OK(open(p, O_RDONLY));
	long n = CHECK_OK(read(fd, buf, sizeof(buf)));

	CHECK_EQ(n, (long)strlen(want));
	CHECK(!memcmp(buf, want, n));
	close(fd);
}

static void check_all(const char *m)
{
	struct stat st;
	unsigned char *buf = malloc(1 << 20);
	char lnk[300];
	int fd;
	long off = 0, n;

	check_file(P(m, "w/one"), "first file\n");
	check_file(P(m, "w/linked"), "first file\n");
	CHECK_OK(stat(P(m, "w/one"), &st));
	CHECK_EQ(st.st_nlink, 2);
	check_file(P(m, "w/d2/moved"), "moved\n");
	check_file(P(m, "w/x"), "y-data\n");
	check_file(P(m, "w/y"), "x-data\n");
	CHECK_ERR(stat(P(m, "w/gone"), &st), ENOENT);
	CHECK_ERR(stat(P(m, "w/d1"), &st), ENOENT);
	n = CHECK_OK(readlink(P(m, "w/sym"), lnk, sizeof(lnk)));
	CHECK_EQ(n, 3);
	CHECK(!memcmp(lnk, "one", 3));
	n = CHECK_OK(readlink(P(m, "w/longsym"), lnk, sizeof(lnk)));
	CHECK_EQ(n, 150);
	CHECK_OK(stat(P(m, "w/trunc"), &st));
	CHECK_EQ(st.st_size, 5000);
	fd = CHECK_OK(open(P(m, "w/trunc"), O_RDONLY));
	CHECK_EQ(pread(fd, buf, 5000, 0), 5000);
	for (int i = 0; i < 5000; i++)
		CHECK(buf[i] == (i < 3000 ? 'a' : 0));
	close(fd);
	fd = CHECK_OK(open(P(m, "w/big"), O_RDONLY));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, BIG);
	while ((n = read(fd, buf, 1 << 20)) > 0) {
		for (long i = 0; i < n; i++)
			if (buf[i] != pat(off + i))
				CHECK_MSG(0, "big byte %ld is %d", off + i, buf[i]);
		off += n;
	}
	CHECK_EQ(off, BIG);
	close(fd);
	for (int i = 0; i < 300; i++) {
		char name[64];

		snprintf(name, sizeof(name), "bigdir/new%03d", i);
		CHECK_OK(stat(P(m, name), &st));
	}
	CHECK_ERR(stat(P(m, "bigdir/f010"), &st), ENOENT);
	CHECK_OK(stat(P(m, "bigdir/f011"), &st));
	free(buf);
}

/* The image's orphan list was processed at the mount: truncated.bin cut
 * to its i_size (the two unnamed orphans freed: e2fsck checks that). */
static void check_orphans_done(const char *m)
{
	char buf[1024], want[1000];
	struct stat st;
	int fd = CHECK_OK(open(P(m, "truncated.bin"), O_RDONLY));

	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 1000);
	CHECK_EQ(read(fd, buf, sizeof(buf)), 1000);
	memset(want, 't', sizeof(want));
	CHECK(!memcmp(buf, want, sizeof(want)));
	CHECK_OK(close(fd));
}

/* shared-a and shared-b use one xattr block (the image's h_refcount 2):
 * a new xattr on shared-b goes to a copy, shared-a keeps the block with
 * its one entry (200 bytes: too many for the inode, with user.shared
 * just right for a 1 KiB block). Same value again on later runs: nothing
 * changes. */
static void check_shared_xattr_block(const char *m)
{
	static char want[700], got[1024], more[200];
	char list[256];

	memset(want, 'c', sizeof(want));
	memset(more, 'd', sizeof(more));
	CHECK_EQ(getxattr(P(m, "shared-b"), "user.shared", got, sizeof(got)), 700);
	CHECK(!memcmp(got, want, sizeof(want)));
	CHECK_OK(setxattr(P(m, "shared-b"), "user.more", more, sizeof(more), 0));
	CHECK_EQ(getxattr(P(m, "shared-b"), "user.more", got, sizeof(got)), 200);
	CHECK(!memcmp(got, more, sizeof(more)));
	CHECK_EQ(getxattr(P(m, "shared-b"), "user.shared", got, sizeof(got)), 700);
	CHECK(!memcmp(got, want, sizeof(want)));
	CHECK_EQ(listxattr(P(m, "shared-a"), list, sizeof(list)), (ssize_t)sizeof("user.shared"));
	CHECK_EQ(getxattr(P(m, "shared-a"), "user.shared", got, sizeof(got)), 700);
	CHECK(!memcmp(got, want, sizeof(want)));
}

int main(int argc, char **argv)
{
	const char *m;
	unsigned char *buf;
	int fd;
	char name[64], longt[151];

	utest_begin(argc, argv);
	alarm(120);
	m = utest_path("m");
	CHECK_OK(mkdir(m, 0755));
	CHECK_MSG(ext4_disk_mount(m, 0) != NULL, "no ext4 disk made by tools/mkext4-test-image.sh");
	check_orphans_done(m);
	check_shared_xattr_block(m);
	CHECK_OK(mkdir(P(m, "w"), 0755));
	utest_write_file(P(m, "w/one"), "first file\n", 0644);
	CHECK_OK(link(strdup(P(m, "w/one")), strdup(P(m, "w/linked"))));
	CHECK_ERR(link(strdup(P(m, "w/one")), strdup(P(m, "w/linked"))), EEXIST);
	CHECK_OK(symlink("one", P(m, "w/sym")));
	memset(longt, 'L', 150);
	longt[150] = 0;
	CHECK_OK(symlink(longt, P(m, "w/longsym")));
	CHECK_OK(mkdir(P(m, "w/d1"), 0755));
	CHECK_OK(mkdir(P(m, "w/d2"), 0755));
	utest_write_file(P(m, "w/d1/f"), "moved\n", 0644);
	CHECK_OK(rename(strdup(P(m, "w/d1/f")), strdup(P(m, "w/d2/moved"))));
	CHECK_ERR(rmdir(P(m, "w/d2")), ENOTEMPTY);
	CHECK_OK(rmdir(P(m, "w/d1")));
	utest_write_file(P(m, "w/x"), "x-data\n", 0644);
	utest_write_file(P(m, "w/y"), "y-data\n", 0644);
	CHECK_ERR(syscall(SYS_renameat2, AT_FDCWD, strdup(P(m, "w/x")), AT_FDCWD,
			  strdup(P(m, "w/y")), 1 /* RENAME_NOREPLACE */), EEXIST);
	CHECK_OK(syscall(SYS_renameat2, AT_FDCWD, strdup(P(m, "w/x")), AT_FDCWD,
			 strdup(P(m, "w/y")), 2 /* RENAME_EXCHANGE */));
	utest_write_file(P(m, "w/gone"), "bye\n", 0644);
	CHECK_OK(unlink(P(m, "w/gone")));
	/* Truncate: shrink then grow; the cut bytes read as zeros. */
	buf = malloc(1 << 20);
	CHECK(buf != NULL);
	memset(buf, 'a', 8000);
	fd = CHECK_OK(open(P(m, "w/trunc"), O_RDWR | O_CREAT, 0644));
	CHECK_EQ(write(fd, buf, 8000), 8000);
	CHECK_OK(ftruncate(fd, 3000));
	CHECK_OK(ftruncate(fd, 5000));
	close(fd);
	/* A big file in 1 MiB writes. */
	fd = CHECK_OK(open(P(m, "w/big"), O_WRONLY | O_CREAT, 0644));
	for (long off = 0; off < BIG; off += 1 << 20) {
		for (long i = 0; i < (1 << 20); i++)
			buf[i] = pat(off + i);
		CHECK_EQ(write(fd, buf, 1 << 20), 1 << 20);
	}
	CHECK_OK(fsync(fd));
	close(fd);
	/* The htree directory grows and loses a name. */
	for (int i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "bigdir/new%03d", i);
		utest_write_file(P(m, name), "n\n", 0644);
	}
	CHECK_OK(unlink(P(m, "bigdir/f010")));
	check_all(m);
	CHECK_OK(umount(m));
	CHECK_MSG(ext4_disk_mount(m, 0) != NULL, "mount again");
	check_all(m);
	/* Everything goes again: files, links, directories, the new names;
	 * f010 comes back. */
	for (int i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "bigdir/new%03d", i);
		CHECK_OK(unlink(P(m, name)));
	}
	utest_write_file(P(m, "bigdir/f010"), "10\n", 0644);
	{
		static const char *files[] = { "w/one", "w/linked", "w/sym", "w/longsym",
			"w/d2/moved", "w/x", "w/y", "w/trunc", "w/big" };

		for (unsigned i = 0; i < sizeof(files) / sizeof(files[0]); i++)
			CHECK_OK(unlink(P(m, files[i])));
	}
	CHECK_OK(rmdir(P(m, "w/d2")));
	CHECK_OK(rmdir(P(m, "w")));
	/* xattrs that stay, for the host to read back with debugfs
	 * (tools/check-fs-image.sh) on sub/deep/leaf.txt: one in the inode, one
	 * in the xattr block (600 bytes: more than the inode holds). */
	memset(buf, 'b', 600);
	CHECK_OK(setxattr(P(m, "sub/deep/leaf.txt"), "user.mica-inode", "mica-ea", 7, 0));
	CHECK_OK(setxattr(P(m, "sub/deep/leaf.txt"), "user.mica-block", buf, 600, 0));
	CHECK_OK(umount(m));
	free(buf);
	utest_pass();
}
