/*
 * Renames of directories across parents while other tasks work inside
 * and around them: a directory moved back and forth between two parents
 * while files come and go in it (through a descriptor), a file moved
 * between a directory and its subdirectory, a subdirectory made and
 * removed. Nothing hangs (the alarm), every call succeeds, and the tree
 * ends as it began with the moved directory's ".." right.
 */
#include "utest.h"
#include <sys/wait.h>

#define ROUNDS 50

static void run_child(int which, int subfd)
{
	char name[32];

	for (int i = 0; i < ROUNDS; i++) {
		switch (which) {
		case 0:	/* sub: d1 -> d2 -> d1 */
			CHECK_OK(rename(utest_path("d1/sub"), utest_path("d2/sub")));
			CHECK_OK(rename(utest_path("d2/sub"), utest_path("d1/sub")));
			break;
		case 1:	/* files in sub, wherever it is */
			snprintf(name, sizeof(name), "f%d", i % 7);
			CHECK_OK(close(CHECK_OK(openat(subfd, name, O_CREAT | O_WRONLY, 0644))));
			CHECK_OK(unlinkat(subfd, name, 0));
			break;
		case 2:	/* a file between d1 and d1/sub's sibling d1/e */
			CHECK_OK(rename(utest_path("d1/f"), utest_path("d1/e/f")));
			CHECK_OK(rename(utest_path("d1/e/f"), utest_path("d1/f")));
			break;
		default:	/* a subdirectory of d1 made and removed */
			CHECK_OK(mkdir(utest_path("d1/x"), 0755));
			CHECK_OK(rmdir(utest_path("d1/x")));
			break;
		}
	}
	exit(0);
}

int main(int argc, char **argv)
{
	pid_t pids[4];
	struct stat a, b;
	int subfd;

	utest_begin(argc, argv);
	CHECK_OK(mkdir(utest_path("d1"), 0755));
	CHECK_OK(mkdir(utest_path("d2"), 0755));
	CHECK_OK(mkdir(utest_path("d1/sub"), 0755));
	CHECK_OK(mkdir(utest_path("d1/e"), 0755));
	CHECK_OK(close(CHECK_OK(open(utest_path("d1/f"), O_CREAT | O_WRONLY, 0644))));
	subfd = CHECK_OK(open(utest_path("d1/sub"), O_RDONLY | O_DIRECTORY));
	for (int i = 0; i < 4; i++) {
		pids[i] = CHECK_OK(fork());
		if (!pids[i])
			run_child(i, subfd);
	}
	for (int i = 0; i < 4; i++)
		CHECK_CHILD_EXIT(pids[i], 0);

	/* sub is back in d1, empty, and its ".." is d1. */
	CHECK_OK(stat(utest_path("d1/sub/.."), &a));
	CHECK_OK(stat(utest_path("d1"), &b));
	CHECK_EQ(a.st_ino, b.st_ino);
	CHECK_OK(stat(utest_path("d1"), &a));
	CHECK_EQ(a.st_nlink, 4);	/* ".", its entry, sub/.., e/.. */
	CHECK_OK(stat(utest_path("d2"), &a));
	CHECK_EQ(a.st_nlink, 2);
	CHECK_OK(rmdir(utest_path("d1/sub")));
	CHECK_OK(unlink(utest_path("d1/f")));
	CHECK_OK(rmdir(utest_path("d1/e")));
	CHECK_OK(rmdir(utest_path("d1")));
	CHECK_OK(rmdir(utest_path("d2")));
	CHECK_OK(close(subfd));
	utest_pass();
}
