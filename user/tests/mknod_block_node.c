/* mknod makes device nodes (for root) and regular files: a block node
 * carries its number in st_rdev, a directory type is EPERM, an unknown
 * type EINVAL, an existing name EEXIST. Outside the initial user
 * namespace (the Linux oracle's sandbox) device nodes are EPERM. */
#include "utest.h"
#include <sys/sysmacros.h>

int main(int argc, char **argv)
{
	struct stat st;

	utest_begin(argc, argv);
	CHECK_OK(mknod(utest_path("reg"), S_IFREG | 0640, 0));
	CHECK_OK(stat(utest_path("reg"), &st));
	CHECK(S_ISREG(st.st_mode));
	CHECK_EQ(st.st_size, 0);
	CHECK_OK(mknod(utest_path("plain"), 0600, 0));
	CHECK_OK(stat(utest_path("plain"), &st));
	CHECK(S_ISREG(st.st_mode));
	CHECK_ERR(mknod(utest_path("reg"), S_IFREG | 0640, 0), EEXIST);
	CHECK_ERR(mknod(utest_path("dir"), S_IFDIR | 0755, 0), EPERM);
	CHECK_ERR(mknod(utest_path("bad"), 0170000 | 0600, 0), EINVAL);
	if (!utest_system_root()) {
		CHECK_ERR(mknod(utest_path("blk"), S_IFBLK | 0600, makedev(7, 200)), EPERM);
		utest_pass();
	}
	CHECK_OK(mknod(utest_path("blk"), S_IFBLK | 0660, makedev(7, 200)));
	CHECK_OK(stat(utest_path("blk"), &st));
	CHECK(S_ISBLK(st.st_mode));
	CHECK_EQ(st.st_mode & 07777, 0660 & ~umask(022));
	CHECK_EQ(major(st.st_rdev), 7);
	CHECK_EQ(minor(st.st_rdev), 200);
	CHECK_OK(mknod(utest_path("chr"), S_IFCHR | 0666, makedev(1, 3)));
	CHECK_OK(stat(utest_path("chr"), &st));
	CHECK(S_ISCHR(st.st_mode));
	CHECK_EQ(st.st_rdev, makedev(1, 3));
	utest_pass();
}
