/* mremap shrinks a mapping in place: same address, data kept, and the
 * released tail is no longer mapped (system calls reading it get EFAULT). */
#include "utest.h"

int main(int argc, char **argv)
{
	char *p, *q;
	int fds[2];

	utest_begin(argc, argv);
	p = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	memset(p, 's', 4 * 4096);
	q = mremap(p, 4 * 4096, 4096, 0);
	CHECK(q == p);
	CHECK_EQ(q[4095], 's');
	CHECK_OK(pipe(fds));
	CHECK_ERR(write(fds[1], p + 4096, 1), EFAULT);
	CHECK_ERR(write(fds[1], p + 3 * 4096, 1), EFAULT);
	CHECK_EQ(write(fds[1], p, 1), 1);
	CHECK_EQ(munmap(p, 4096), 0);
	utest_pass();
}
