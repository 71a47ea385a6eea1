/* open follows symbolic links (relative to the link's directory, and
 * chains of them); a dangling link is ENOENT, O_NOFOLLOW on a link ELOOP,
 * and a loop of links ELOOP. */
#include "utest.h"

int main(int argc, char **argv)
{
	char buf[16];
	int fd;

	utest_begin(argc, argv);
	CHECK_OK(mkdir(utest_path("d"), 0755));
	utest_write_file(utest_path("d/target"), "target", 0644);
	CHECK_OK(symlink("d/target", utest_path("l1")));
	CHECK_OK(symlink("l1", utest_path("l2")));
	CHECK_OK(symlink("d", utest_path("ldir")));
	CHECK_OK(symlink("missing", utest_path("dangling")));
	CHECK_OK(symlink("loop2", utest_path("loop1")));
	CHECK_OK(symlink("loop1", utest_path("loop2")));
	CHECK_EQ(utest_read_file(utest_path("l2"), buf, sizeof(buf)), 6);
	CHECK_STR_EQ(buf, "target");
	CHECK_EQ(utest_read_file(utest_path("ldir/target"), buf, sizeof(buf)), 6);
	CHECK_ERR(open(utest_path("dangling"), O_RDONLY), ENOENT);
	CHECK_ERR(open(utest_path("l1"), O_RDONLY | O_NOFOLLOW), ELOOP);
	CHECK_ERR(open(utest_path("loop1"), O_RDONLY), ELOOP);
	/* O_CREAT through a dangling link creates its target. */
	fd = CHECK_OK(open(utest_path("dangling"), O_WRONLY | O_CREAT, 0644));
	CHECK_OK(close(fd));
	CHECK_OK(access(utest_path("missing"), F_OK));
	utest_pass();
}
