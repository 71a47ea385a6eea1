/* The working directory is inherited over fork, and a child's chdir does
 * not move its parent. */
#include "utest.h"

int main(int argc, char **argv)
{
	char cwd[UTEST_PATH_MAX];
	pid_t pid;

	utest_begin(argc, argv);
	CHECK_OK(mkdir(utest_path("d"), 0755));
	CHECK_OK(chdir(utest_tmpdir()));
	pid = utest_fork();
	if (pid == 0) {
		CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
		CHECK_STR_EQ(cwd, utest_tmpdir());
		CHECK_OK(chdir("d"));
		CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
		CHECK_STR_EQ(cwd, utest_path("d"));
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	CHECK_STR_EQ(cwd, utest_tmpdir());
	CHECK_OK(chdir("/"));
	utest_pass();
}
