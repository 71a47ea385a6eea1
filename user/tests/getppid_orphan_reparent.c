/* When a process exits, its children are given a new parent: their
 * getppid() changes from the dead parent's pid to another live process
 * (init, or a subreaper). */
#include "utest.h"

int main(int argc, char **argv)
{
	int report[2], started[2];
	pid_t mid, info[2] = { 0, 0 };

	utest_begin(argc, argv);
	CHECK_OK(pipe(report));
	CHECK_OK(pipe(started));
	mid = utest_fork();
	if (mid == 0) {
		pid_t me = getpid();
		pid_t g = utest_fork();

		if (g == 0) {
			pid_t out[2];
			long spins = 0;

			CHECK_EQ(getppid(), me);
			CHECK_EQ(write(started[1], "s", 1), 1);
			/* Our parent exits now; wait to be adopted. */
			while (getppid() == me && spins++ < 100000000)
				sched_yield();
			out[0] = me;
			out[1] = getppid();
			CHECK_EQ(write(report[1], out, sizeof(out)), sizeof(out));
			_exit(0);
		}
		char c;

		CHECK_EQ(read(started[0], &c, 1), 1);
		_exit(0);
	}
	CHECK_OK(close(report[1]));
	CHECK_CHILD_EXIT(mid, 0);
	CHECK_EQ(read(report[0], info, sizeof(info)), sizeof(info));
	CHECK_EQ(info[0], mid);
	CHECK_NE(info[1], mid);
	CHECK(info[1] > 0);
	utest_pass();
}
