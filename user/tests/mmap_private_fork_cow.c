/* A MAP_PRIVATE anonymous mapping is copied on write after fork: neither
 * side sees the other's writes, in touched and untouched pages alike. */
#include "utest.h"

int main(int argc, char **argv)
{
	unsigned char *p;
	int go[2];
	pid_t pid;
	char c;

	utest_begin(argc, argv);
	p = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	memset(p, 'a', 2 * 4096); /* pages 2 and 3 stay untouched */
	CHECK_OK(pipe(go));
	pid = utest_fork();
	if (pid == 0) {
		CHECK_EQ(read(go[0], &c, 1), 1);
		CHECK_EQ(p[0], 'a');
		CHECK_EQ(p[4096], 'a');
		CHECK_EQ(p[2 * 4096], 0);
		memset(p, 'c', 4 * 4096);
		_exit(0);
	}
	p[4096] = 'P';
	p[3 * 4096] = 'P';
	CHECK_EQ(write(go[1], "g", 1), 1);
	CHECK_CHILD_EXIT(pid, 0);
	CHECK_EQ(p[0], 'a');
	CHECK_EQ(p[4096], 'P');
	CHECK_EQ(p[2 * 4096], 0);
	CHECK_EQ(p[3 * 4096], 'P');
	utest_pass();
}
