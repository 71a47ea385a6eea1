/* O_TRUNC on an existing file opened for writing cuts it to length 0. */
#include "utest.h"

int main(int argc, char **argv)
{
	struct stat st;
	char *f;
	int fd;

	utest_begin(argc, argv);
	f = utest_path("f");
	utest_write_file(f, "some content", 0644);
	CHECK_OK(stat(f, &st));
	CHECK_EQ(st.st_size, 12);
	fd = CHECK_OK(open(f, O_WRONLY | O_TRUNC));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 0);
	CHECK_EQ(write(fd, "ab", 2), 2);
	CHECK_OK(close(fd));
	CHECK_OK(stat(f, &st));
	CHECK_EQ(st.st_size, 2);
	utest_pass();
}
