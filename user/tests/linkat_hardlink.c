/* linkat gives a file a second name: same inode, link count 2, shared
 * contents; removing one name leaves the other. */
#include "utest.h"

int main(int argc, char **argv)
{
	struct stat a, b;
	char buf[16];
	int fd, dfd;

	utest_begin(argc, argv);
	utest_write_file(utest_path("a"), "shared", 0644);
	dfd = CHECK_OK(open(utest_tmpdir(), O_RDONLY | O_DIRECTORY));
	CHECK_EQ(linkat(dfd, "a", dfd, "b", 0), 0);
	CHECK_OK(stat(utest_path("a"), &a));
	CHECK_OK(stat(utest_path("b"), &b));
	CHECK_EQ(a.st_ino, b.st_ino);
	CHECK_EQ(a.st_nlink, 2);
	fd = CHECK_OK(open(utest_path("b"), O_WRONLY | O_APPEND));
	CHECK_EQ(write(fd, "!", 1), 1);
	CHECK_OK(close(fd));
	CHECK_EQ(utest_read_file(utest_path("a"), buf, sizeof(buf)), 7);
	CHECK_STR_EQ(buf, "shared!");
	CHECK_OK(unlink(utest_path("a")));
	CHECK_OK(stat(utest_path("b"), &b));
	CHECK_EQ(b.st_nlink, 1);
	CHECK_OK(close(dfd));
	utest_pass();
}
