/* mkdirat makes an empty directory (relative to dirfd or the working
 * directory) that is a directory with two links and the requested mode. */
#include "utest.h"

int main(int argc, char **argv)
{
	struct stat st, parent_before, parent_after;
	int dfd;

	utest_begin(argc, argv);
	umask(0);
	CHECK_OK(stat(utest_tmpdir(), &parent_before));
	dfd = CHECK_OK(open(utest_tmpdir(), O_RDONLY | O_DIRECTORY));
	CHECK_EQ(mkdirat(dfd, "d", 0750), 0);
	CHECK_OK(stat(utest_path("d"), &st));
	CHECK(S_ISDIR(st.st_mode));
	CHECK_EQ(st.st_mode & 07777, 0750);
	CHECK_EQ(st.st_nlink, 2);
	CHECK_OK(stat(utest_tmpdir(), &parent_after));
	CHECK_EQ(parent_after.st_nlink, parent_before.st_nlink + 1);
	CHECK_OK(chdir(utest_path("d")));
	CHECK_EQ(mkdirat(AT_FDCWD, "nested", 0700), 0);
	CHECK_OK(stat(utest_path("d/nested"), &st));
	CHECK(S_ISDIR(st.st_mode));
	CHECK_OK(chdir("/"));
	CHECK_OK(close(dfd));
	utest_pass();
}
