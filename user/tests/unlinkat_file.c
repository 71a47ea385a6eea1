/* unlinkat removes a name; an open descriptor keeps the file readable
 * afterwards; the link count of a hard-linked file drops by one. */
#include "utest.h"

int main(int argc, char **argv)
{
	struct stat st;
	char buf[16] = { 0 };
	int fd, dfd;

	utest_begin(argc, argv);
	utest_write_file(utest_path("f"), "still here", 0644);
	CHECK_OK(link(utest_path("f"), utest_path("g")));
	fd = CHECK_OK(open(utest_path("f"), O_RDONLY));
	dfd = CHECK_OK(open(utest_tmpdir(), O_RDONLY | O_DIRECTORY));
	CHECK_EQ(unlinkat(dfd, "f", 0), 0);
	CHECK_ERR(open(utest_path("f"), O_RDONLY), ENOENT);
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_nlink, 1);
	CHECK_EQ(unlink(utest_path("g")), 0);
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_nlink, 0);
	CHECK_EQ(read(fd, buf, sizeof(buf) - 1), 10);
	CHECK_STR_EQ(buf, "still here");
	CHECK_OK(close(fd));
	CHECK_OK(close(dfd));
	utest_pass();
}
