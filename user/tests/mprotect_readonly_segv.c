/* After mprotect(PROT_READ) the page can still be read, but a write kills
 * the process with SIGSEGV. */
#include "utest.h"

int main(int argc, char **argv)
{
	volatile char *p;
	pid_t pid;

	utest_begin(argc, argv);
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	p[10] = 'r';
	CHECK_EQ(mprotect((void *)p, 4096, PROT_READ), 0);
	CHECK_EQ(p[10], 'r');
	pid = utest_fork();
	if (pid == 0) {
		p[10] = 'w';
		_exit(0);
	}
	CHECK_CHILD_SIGNAL(pid, SIGSEGV);
	CHECK_EQ(p[10], 'r');
	utest_pass();
}
