/* getrusage counts the CPU time of the caller (RUSAGE_SELF) and, once they
 * are reaped, of its children (RUSAGE_CHILDREN), which start at zero. */
#include "utest.h"

static volatile unsigned long sink;

static void burn(void)
{
	for (unsigned long i = 0; i < 30000000ul; i++)
		sink += i;
}

static long long usec(const struct timeval *tv)
{
	return tv->tv_sec * 1000000ll + tv->tv_usec;
}

int main(int argc, char **argv)
{
	struct rusage ru;
	pid_t pid;

	utest_begin(argc, argv);
	CHECK_EQ(getrusage(RUSAGE_CHILDREN, &ru), 0);
	CHECK_EQ(usec(&ru.ru_utime) + usec(&ru.ru_stime), 0);
	burn();
	CHECK_EQ(getrusage(RUSAGE_SELF, &ru), 0);
	CHECK(usec(&ru.ru_utime) + usec(&ru.ru_stime) > 0);
	CHECK(ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000);
	CHECK(ru.ru_maxrss > 0);
	pid = utest_fork();
	if (pid == 0) {
		burn();
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	CHECK_EQ(getrusage(RUSAGE_CHILDREN, &ru), 0);
	CHECK(usec(&ru.ru_utime) + usec(&ru.ru_stime) > 0);
	utest_pass();
}
