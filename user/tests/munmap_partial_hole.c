/* munmap of the middle page of a mapping leaves a hole (system calls that
 * read from it fail with EFAULT) while the pages around it stay usable. */
#include "utest.h"

int main(int argc, char **argv)
{
	char *p;
	int fds[2];

	utest_begin(argc, argv);
	p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	memset(p, 'x', 3 * 4096);
	CHECK_EQ(munmap(p + 4096, 4096), 0);
	CHECK_OK(pipe(fds));
	CHECK_ERR(write(fds[1], p + 4096, 1), EFAULT);
	CHECK_ERR(write(fds[1], p + 4096 - 10, 20), EFAULT);
	CHECK_EQ(write(fds[1], p, 10), 10);
	CHECK_EQ(write(fds[1], p + 2 * 4096, 10), 10);
	CHECK_EQ(p[4095], 'x');
	CHECK_EQ(p[2 * 4096], 'x');
	/* Unmapping a range that holds a hole, or nothing at all, succeeds. */
	CHECK_EQ(munmap(p, 3 * 4096), 0);
	CHECK_EQ(munmap(p, 3 * 4096), 0);
	utest_pass();
}
