/* mmap with MAP_FIXED below vm.mmap_min_addr (at least page zero) is
 * EPERM for an ordinary user, and allowed to root (Linux's
 * CAP_SYS_RAWIO). A hint that low without MAP_FIXED is moved up. */
#include "utest.h"

#define MAP_ARGS PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS

int main(int argc, char **argv)
{
	void *p;
	pid_t pid;

	utest_begin(argc, argv);
	p = mmap((void *)0, 4096, MAP_ARGS, -1, 0);	/* a hint only */
	CHECK(p != MAP_FAILED && p != NULL);
	CHECK_OK(munmap(p, 4096));
	pid = utest_fork();
	if (pid == 0) {
		CHECK_OK(setuid(65534));
		CHECK(mmap((void *)0, 4096, MAP_ARGS | MAP_FIXED, -1, 0) == MAP_FAILED);
		CHECK_EQ(errno, EPERM);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	if (utest_system_root()) {
		/* volatile pointer: the compiler may not assume it is NULL */
		volatile char *volatile zero = mmap((void *)0, 4096, MAP_ARGS | MAP_FIXED, -1, 0);

		CHECK(zero == (void *)0);
		zero[0] = 42;
		CHECK_EQ(zero[0], 42);
		CHECK_OK(munmap((void *)zero, 4096));
	}
	utest_pass();
}
