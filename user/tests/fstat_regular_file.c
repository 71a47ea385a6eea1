/* fstat and stat describe a regular file: type, permission bits, size,
 * link count, owner, and the same inode through both calls. */
#include "utest.h"

int main(int argc, char **argv)
{
	struct stat a, b;
	int fd;

	utest_begin(argc, argv);
	fd = CHECK_OK(open(utest_path("f"), O_RDWR | O_CREAT | O_TRUNC, 0640));
	CHECK_EQ(write(fd, "0123456789", 10), 10);
	CHECK_OK(fstat(fd, &a));
	CHECK_OK(stat(utest_path("f"), &b));
	CHECK(S_ISREG(a.st_mode));
	CHECK_EQ(a.st_mode & 07777, 0640);
	CHECK_EQ(a.st_size, 10);
	CHECK_EQ(a.st_nlink, 1);
	CHECK_EQ(a.st_uid, geteuid());
	CHECK_EQ(a.st_gid, getegid());
	CHECK_EQ(a.st_ino, b.st_ino);
	CHECK_EQ(a.st_dev, b.st_dev);
	CHECK_EQ(a.st_size, b.st_size);
	CHECK(a.st_blksize > 0);
	CHECK_OK(close(fd));
	utest_pass();
}
