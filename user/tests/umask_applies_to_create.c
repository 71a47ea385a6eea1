/* umask returns the previous mask, and the mask clears bits from the mode
 * of new files and directories. */
#include "utest.h"

int main(int argc, char **argv)
{
	struct stat st;
	int fd;

	utest_begin(argc, argv);
	umask(022);
	CHECK_EQ(umask(077), 022);
	CHECK_EQ(umask(027), 077);
	fd = CHECK_OK(open(utest_path("f"), O_WRONLY | O_CREAT, 0666));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_mode & 0777, 0640);
	CHECK_OK(close(fd));
	CHECK_OK(mkdir(utest_path("d"), 0777));
	CHECK_OK(stat(utest_path("d"), &st));
	CHECK_EQ(st.st_mode & 0777, 0750);
	umask(0);
	fd = CHECK_OK(open(utest_path("g"), O_WRONLY | O_CREAT, 0666));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_mode & 0777, 0666);
	CHECK_OK(close(fd));
	umask(027);
	/* Only the permission bits count. */
	CHECK_EQ(umask(0777 | 07000), 027);
	CHECK_EQ(umask(0), 0777);
	utest_pass();
}
