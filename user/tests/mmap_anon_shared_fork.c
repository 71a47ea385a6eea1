/* A MAP_SHARED anonymous mapping stays shared across fork: writes from the
 * child are seen by the parent and the other way round. */
#include "utest.h"

int main(int argc, char **argv)
{
	volatile int *shared;
	int go[2];
	pid_t pid;
	char c;

	utest_begin(argc, argv);
	shared = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(shared != MAP_FAILED);
	shared[0] = 1;
	CHECK_OK(pipe(go));
	pid = utest_fork();
	if (pid == 0) {
		CHECK_EQ(shared[0], 1);
		shared[2 * 1024 + 5] = 77;
		shared[0] = 2;
		CHECK_EQ(read(go[0], &c, 1), 1);
		CHECK_EQ(shared[1], 3);
		_exit(0);
	}
	while (shared[0] != 2)
		sched_yield();
	CHECK_EQ(shared[2 * 1024 + 5], 77);
	shared[1] = 3;
	CHECK_EQ(write(go[1], "g", 1), 1);
	CHECK_CHILD_EXIT(pid, 0);
	CHECK_EQ(munmap((void *)shared, 3 * 4096), 0);
	utest_pass();
}
