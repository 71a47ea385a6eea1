/* A reader blocked on an empty pipe wakes up when data arrives, and a
 * reader blocked with no data wakes up with end of file when the last
 * writer goes away. */
#include "utest.h"

int main(int argc, char **argv)
{
	int data[2], done[2];
	pid_t pid;
	char c;

	utest_begin(argc, argv);
	CHECK_OK(pipe(data));
	CHECK_OK(pipe(done));
	pid = utest_fork();
	if (pid == 0) {
		char buf[8];

		close(data[1]);
		close(done[0]);
		CHECK_EQ(read(data[0], buf, sizeof(buf)), 4);
		CHECK_EQ(write(done[1], "1", 1), 1);
		CHECK_EQ(read(data[0], buf, sizeof(buf)), 0);
		_exit(0);
	}
	close(data[0]);
	close(done[1]);
	for (int i = 0; i < 100; i++)
		sched_yield();
	CHECK_EQ(write(data[1], "data", 4), 4);
	CHECK_EQ(read(done[0], &c, 1), 1);
	for (int i = 0; i < 100; i++)
		sched_yield();
	CHECK_OK(close(data[1]));
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
