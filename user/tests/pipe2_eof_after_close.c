/* Once every write end of a pipe is closed (in all processes), read returns
 * what is left and then 0 for end of file. */
#include "utest.h"

int main(int argc, char **argv)
{
	char buf[16];
	int p[2], w2;
	pid_t pid;

	utest_begin(argc, argv);
	CHECK_OK(pipe2(p, 0));
	w2 = CHECK_OK(dup(p[1]));
	pid = utest_fork();
	if (pid == 0) {
		close(p[0]);
		CHECK_EQ(write(p[1], "from child", 10), 10);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	CHECK_OK(close(p[1]));
	CHECK_EQ(write(w2, "!", 1), 1);
	CHECK_OK(close(w2));
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 11);
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 0);
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 0);
	utest_pass();
}
