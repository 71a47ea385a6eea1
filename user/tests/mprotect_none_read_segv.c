/* After mprotect(PROT_NONE) even reading the page kills the process with
 * SIGSEGV, and system calls given the page fail with EFAULT. */
#include "utest.h"

int main(int argc, char **argv)
{
	volatile char *p;
	int fds[2];
	pid_t pid;

	utest_begin(argc, argv);
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	p[0] = 1;
	CHECK_EQ(mprotect((void *)p, 4096, PROT_NONE), 0);
	CHECK_OK(pipe(fds));
	CHECK_ERR(write(fds[1], (void *)p, 1), EFAULT);
	pid = utest_fork();
	if (pid == 0) {
		(void)p[0];
		_exit(0);
	}
	CHECK_CHILD_SIGNAL(pid, SIGSEGV);
	utest_pass();
}
