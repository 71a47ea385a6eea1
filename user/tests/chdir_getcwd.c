/* chdir changes the directory that relative paths start from and that
 * getcwd reports; ".." goes back up. */
#include "utest.h"

int main(int argc, char **argv)
{
	char cwd[UTEST_PATH_MAX];
	int fd;

	utest_begin(argc, argv);
	CHECK_OK(mkdir(utest_path("d"), 0755));
	CHECK_EQ(chdir(utest_path("d")), 0);
	CHECK(getcwd(cwd, sizeof(cwd)) == cwd);
	CHECK_STR_EQ(cwd, utest_path("d"));
	fd = CHECK_OK(open("rel", O_WRONLY | O_CREAT, 0644));
	CHECK_OK(close(fd));
	CHECK_OK(access(utest_path("d/rel"), F_OK));
	CHECK_EQ(chdir(".."), 0);
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	CHECK_STR_EQ(cwd, utest_tmpdir());
	CHECK_OK(access("d/rel", F_OK));
	CHECK_EQ(chdir("/"), 0);
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	CHECK_STR_EQ(cwd, "/");
	CHECK_EQ(chdir(".."), 0);
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	CHECK_STR_EQ(cwd, "/");
	utest_pass();
}
