/* newfstatat follows a final symbolic link unless AT_SYMLINK_NOFOLLOW is
 * given, which describes the link itself (its size is the target's length);
 * AT_EMPTY_PATH describes dirfd itself. */
#include "utest.h"

int main(int argc, char **argv)
{
	struct stat target, link, self;
	int dfd, fd;

	utest_begin(argc, argv);
	utest_write_file(utest_path("target"), "twelve bytes", 0644);
	CHECK_OK(symlink("target", utest_path("link")));
	dfd = CHECK_OK(open(utest_tmpdir(), O_RDONLY | O_DIRECTORY));
	CHECK_OK(fstatat(dfd, "link", &target, 0));
	CHECK(S_ISREG(target.st_mode));
	CHECK_EQ(target.st_size, 12);
	CHECK_OK(fstatat(dfd, "link", &link, AT_SYMLINK_NOFOLLOW));
	CHECK(S_ISLNK(link.st_mode));
	CHECK_EQ(link.st_size, 6);
	CHECK_NE(link.st_ino, target.st_ino);
	CHECK_OK(lstat(utest_path("link"), &link));
	CHECK(S_ISLNK(link.st_mode));
	fd = CHECK_OK(open(utest_path("target"), O_RDONLY));
	CHECK_OK(fstatat(fd, "", &self, AT_EMPTY_PATH));
	CHECK_EQ(self.st_ino, target.st_ino);
	CHECK_OK(fstatat(dfd, "", &self, AT_EMPTY_PATH));
	CHECK(S_ISDIR(self.st_mode));
	CHECK_OK(close(fd));
	CHECK_OK(close(dfd));
	utest_pass();
}
