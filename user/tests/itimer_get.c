/* getitimer after setitimer: the time left is at most what was set and
 * counts down, the interval reads back, a zero value disarms, setitimer
 * returns the old setting; ITIMER_PROF counts CPU time, not sleep. */
#include "utest.h"
#include <sys/time.h>
#include <time.h>

static long long tv_us(struct timeval tv)
{
	return tv.tv_sec * 1000000LL + tv.tv_usec;
}

int main(int argc, char **argv)
{
	struct itimerval v, old, cur, saved;
	struct timespec c0, c1;

	utest_begin(argc, argv);
	/* utest's alarm() is an ITIMER_REAL: keep it to put back. */
	CHECK_OK(getitimer(ITIMER_REAL, &saved));
	CHECK(tv_us(saved.it_value) > 0 && tv_us(saved.it_value) <= 10000000LL);

	memset(&v, 0, sizeof(v));
	v.it_value.tv_sec = 30;
	v.it_interval.tv_sec = 2;
	v.it_interval.tv_usec = 500000;
	CHECK_OK(setitimer(ITIMER_REAL, &v, &old));
	CHECK(tv_us(old.it_value) > 0 && tv_us(old.it_value) <= tv_us(saved.it_value));
	usleep(50000);
	CHECK_OK(getitimer(ITIMER_REAL, &cur));
	CHECK_MSG(tv_us(cur.it_value) < 30000000LL - 40000 && tv_us(cur.it_value) > 25000000LL,
		  "left %lld us", tv_us(cur.it_value));
	CHECK_EQ(tv_us(cur.it_interval), 2500000LL);
	/* Zero disarms, interval too. */
	memset(&v, 0, sizeof(v));
	v.it_interval.tv_sec = 1;
	CHECK_OK(setitimer(ITIMER_REAL, &v, &old));
	CHECK(tv_us(old.it_value) > 25000000LL);
	CHECK_OK(getitimer(ITIMER_REAL, &cur));
	CHECK_EQ(tv_us(cur.it_value), 0);
	CHECK_EQ(tv_us(cur.it_interval), 0);

	/* ITIMER_PROF: unchanged by sleeping, counts down by burning. */
	memset(&v, 0, sizeof(v));
	v.it_value.tv_sec = 20;
	CHECK_OK(setitimer(ITIMER_PROF, &v, NULL));
	usleep(100000);
	CHECK_OK(getitimer(ITIMER_PROF, &cur));
	CHECK_MSG(tv_us(cur.it_value) > 19950000LL, "PROF left %lld us after sleeping",
		  tv_us(cur.it_value));
	CHECK_OK(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0));
	do
		CHECK_OK(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1));
	while ((c1.tv_sec - c0.tv_sec) * 1000000000LL + c1.tv_nsec - c0.tv_nsec < 100000000LL);
	CHECK_OK(getitimer(ITIMER_PROF, &cur));
	CHECK_MSG(tv_us(cur.it_value) <= 19950000LL, "PROF left %lld us after burning",
		  tv_us(cur.it_value));
	memset(&v, 0, sizeof(v));
	CHECK_OK(setitimer(ITIMER_PROF, &v, &old));
	CHECK(tv_us(old.it_value) > 0);
	CHECK_OK(getitimer(ITIMER_VIRTUAL, &cur));
	CHECK_EQ(tv_us(cur.it_value), 0);

	/* Errors. */
	CHECK_ERR(getitimer(7, &cur), EINVAL);
	v.it_value.tv_usec = 1000000;
	CHECK_ERR(setitimer(ITIMER_REAL, &v, NULL), EINVAL);
	CHECK_ERR(syscall(SYS_getitimer, ITIMER_REAL, UTEST_BAD_PTR), EFAULT);
	CHECK_ERR(syscall(SYS_setitimer, ITIMER_REAL, UTEST_BAD_PTR, NULL), EFAULT);
	CHECK_OK(setitimer(ITIMER_REAL, &saved, NULL));
	utest_pass();
}
