/* openat resolves a relative name against dirfd (or the working directory
 * for AT_FDCWD) and ignores dirfd for an absolute name; a relative name with
 * a bad dirfd is EBADF, with a dirfd that is not a directory ENOTDIR. */
#include "utest.h"

int main(int argc, char **argv)
{
	char buf[16];
	int dfd, fd, ffd;

	utest_begin(argc, argv);
	CHECK_OK(mkdir(utest_path("d"), 0755));
	utest_write_file(utest_path("d/inner"), "inner", 0644);
	dfd = CHECK_OK(open(utest_path("d"), O_RDONLY | O_DIRECTORY));
	fd = CHECK_OK(openat(dfd, "inner", O_RDONLY));
	CHECK_EQ(read(fd, buf, sizeof(buf)), 5);
	CHECK_OK(close(fd));
	fd = CHECK_OK(openat(dfd, "made", O_WRONLY | O_CREAT, 0644));
	CHECK_OK(close(fd));
	CHECK_OK(access(utest_path("d/made"), F_OK));
	CHECK_OK(chdir(utest_path("d")));
	fd = CHECK_OK(openat(AT_FDCWD, "inner", O_RDONLY));
	CHECK_OK(close(fd));
	fd = CHECK_OK(openat(9999, utest_path("d/inner"), O_RDONLY));
	CHECK_OK(close(fd));
	CHECK_ERR(openat(9999, "inner", O_RDONLY), EBADF);
	CHECK_ERR(openat(-5, "inner", O_RDONLY), EBADF);
	ffd = CHECK_OK(openat(dfd, "inner", O_RDONLY));
	CHECK_ERR(openat(ffd, "x", O_RDONLY), ENOTDIR);
	CHECK_OK(chdir("/"));
	utest_pass();
}
