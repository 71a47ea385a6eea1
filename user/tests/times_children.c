/* times() and getrusage(): a process's own CPU time, and its children's
 * once they are waited for (not before). */
#include "utest.h"
#include <sys/times.h>
#include <time.h>

/* Burn ns of CPU time, mostly in user mode (a loop between clock reads). */
static void burn(long long ns)
{
	struct timespec a, b;
	volatile unsigned long x = 0;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
	do {
		for (int i = 0; i < 100000; i++)
			x += i;
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
	} while ((b.tv_sec - a.tv_sec) * 1000000000LL + b.tv_nsec - a.tv_nsec < ns);
}

int main(int argc, char **argv)
{
	long hz = sysconf(_SC_CLK_TCK);
	struct tms t0, t1;
	struct rusage ru;
	clock_t c0, c1;
	int fds[2];
	pid_t pid;
	char c;

	utest_begin(argc, argv);
	CHECK_EQ(hz, 100);
	c0 = times(&t0);
	CHECK(c0 != (clock_t)-1);
	CHECK_EQ(t0.tms_cutime + t0.tms_cstime, 0);
	burn(300000000LL);
	c1 = times(&t1);
	CHECK(c1 - c0 >= 25);
	CHECK_MSG(t1.tms_utime + t1.tms_stime - t0.tms_utime - t0.tms_stime >= 25,
		  "own time %ld ticks", (long)(t1.tms_utime + t1.tms_stime));
	CHECK(t1.tms_utime > t0.tms_utime);	/* a user-space loop is user time */

	CHECK_OK(pipe(fds));
	pid = utest_fork();
	if (pid == 0) {
		burn(300000000LL);
		CHECK_EQ(write(fds[1], "x", 1), 1);
		_exit(0);
	}
	CHECK_EQ(read(fds[0], &c, 1), 1);
	/* Not waited for yet: nothing counted. */
	times(&t1);
	CHECK_EQ(t1.tms_cutime + t1.tms_cstime, 0);
	CHECK_OK(getrusage(RUSAGE_CHILDREN, &ru));
	CHECK_EQ(ru.ru_utime.tv_sec * 1000000LL + ru.ru_utime.tv_usec, 0);
	CHECK_CHILD_EXIT(pid, 0);
	times(&t1);
	CHECK_MSG(t1.tms_cutime + t1.tms_cstime >= 25, "children %ld ticks",
		  (long)(t1.tms_cutime + t1.tms_cstime));
	CHECK(t1.tms_cutime >= 15);
	CHECK_OK(getrusage(RUSAGE_CHILDREN, &ru));
	CHECK(ru.ru_utime.tv_sec * 1000000LL + ru.ru_utime.tv_usec +
	      ru.ru_stime.tv_sec * 1000000LL + ru.ru_stime.tv_usec >= 250000LL);
	CHECK_ERR(getrusage(5, &ru), EINVAL);
	CHECK_ERR(syscall(SYS_times, UTEST_BAD_PTR), EFAULT);
	utest_pass();
}
