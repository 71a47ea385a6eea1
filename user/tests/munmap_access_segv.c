/* Touching memory after munmap kills the process with SIGSEGV. */
#include "utest.h"

int main(int argc, char **argv)
{
	volatile int *p;
	pid_t pid;

	utest_begin(argc, argv);
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	p[0] = 1;
	CHECK_EQ(munmap((void *)p, 4096), 0);
	pid = utest_fork();
	if (pid == 0) {
		(void)p[0];
		_exit(0);
	}
	CHECK_CHILD_SIGNAL(pid, SIGSEGV);
	utest_pass();
}
