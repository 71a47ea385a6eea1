/* /proc/self/exe names the program, cwd the working directory (and opens
 * files there), root the root; /proc/self points at /proc/<pid>. */
#include "utest.h"

int main(int argc, char **argv)
{
	char buf[UTEST_PATH_MAX], real[PATH_MAX], cwd[PATH_MAX];
	ssize_t n;
	int fd;

	utest_begin(argc, argv);
	n = CHECK_OK(readlink("/proc/self/exe", buf, sizeof(buf) - 1));
	buf[n] = 0;
	CHECK(realpath(utest_self(), real));
	CHECK_STR_EQ(buf, real);
	n = CHECK_OK(readlink("/proc/self", buf, sizeof(buf) - 1));
	buf[n] = 0;
	CHECK_EQ(atoi(buf), getpid());
	CHECK_OK(chdir(utest_tmpdir()));
	CHECK(getcwd(cwd, sizeof(cwd)));
	n = CHECK_OK(readlink("/proc/self/cwd", buf, sizeof(buf) - 1));
	buf[n] = 0;
	CHECK_STR_EQ(buf, cwd);
	/* The link leads to the directory itself. */
	fd = CHECK_OK(open("/proc/self/cwd/made-through-link", O_WRONLY | O_CREAT, 0644));
	close(fd);
	CHECK_OK(access("made-through-link", F_OK));
	n = CHECK_OK(readlink("/proc/self/root", buf, sizeof(buf) - 1));
	buf[n] = 0;
	CHECK_STR_EQ(buf, "/");
	snprintf(buf, sizeof(buf), "/proc/%d/cwd", (int)getpid());
	n = CHECK_OK(readlink(buf, real, sizeof(real) - 1));
	real[n] = 0;
	CHECK_STR_EQ(real, cwd);
	CHECK_OK(chdir("/"));
	utest_pass();
}
