/* More data than a pipe holds (1 MiB) flows through it intact: the writer
 * blocks when the pipe is full and resumes as the reader drains it. */
#include "utest.h"

#define SIZE (1024 * 1024)

int main(int argc, char **argv)
{
	unsigned char *buf = malloc(SIZE);
	size_t got = 0;
	int p[2];
	pid_t pid;

	utest_begin(argc, argv);
	CHECK(buf != NULL);
	CHECK_OK(pipe(p));
	pid = utest_fork();
	if (pid == 0) {
		close(p[0]);
		for (size_t i = 0; i < SIZE; i++)
			buf[i] = (unsigned char)(i ^ (i >> 8));
		/* One big write: it must block and complete fully. */
		CHECK_EQ(write(p[1], buf, SIZE), SIZE);
		_exit(0);
	}
	CHECK_OK(close(p[1]));
	while (got < SIZE) {
		size_t want = SIZE - got < 10000 ? SIZE - got : 10000;
		long n = CHECK_OK(read(p[0], buf + got, want));

		CHECK(n > 0);
		got += n;
	}
	CHECK_EQ(read(p[0], buf, 1), 0);
	for (size_t i = 0; i < SIZE; i++)
		CHECK_EQ(buf[i], (unsigned char)(i ^ (i >> 8)));
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
