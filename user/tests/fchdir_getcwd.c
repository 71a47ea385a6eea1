/* fchdir moves to the directory open on a descriptor; fchdir on a regular
 * file is ENOTDIR, on a closed descriptor EBADF. */
#include "utest.h"

int main(int argc, char **argv)
{
	char cwd[UTEST_PATH_MAX];
	int dfd, fd;

	utest_begin(argc, argv);
	CHECK_OK(mkdir(utest_path("d"), 0755));
	dfd = CHECK_OK(open(utest_path("d"), O_RDONLY | O_DIRECTORY));
	fd = CHECK_OK(open(utest_path("f"), O_WRONLY | O_CREAT, 0644));
	CHECK_EQ(fchdir(dfd), 0);
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	CHECK_STR_EQ(cwd, utest_path("d"));
	CHECK_ERR(fchdir(fd), ENOTDIR);
	CHECK_ERR(fchdir(999), EBADF);
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	CHECK_STR_EQ(cwd, utest_path("d"));
	CHECK_OK(chdir("/"));
	CHECK_OK(close(dfd));
	CHECK_OK(close(fd));
	utest_pass();
}
