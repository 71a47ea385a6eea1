/* POSIX timers belong to one process image: a forked child has none, and
 * exec deletes them; the interval timers are not inherited by fork but
 * survive exec. */
#include "utest.h"
#include <sys/time.h>
#include <time.h>

int main(int argc, char **argv)
{
	struct itimerspec its = { { 0, 0 }, { 30, 0 } }, cur;
	struct itimerval v = { { 0, 0 }, { 20, 0 } }, iv;
	struct sigevent sev;
	char idbuf[32];
	timer_t t;
	int id;
	pid_t pid;

	/* Before utest_begin, whose alarm() would replace ITIMER_REAL. */
	int gerr = getitimer(ITIMER_REAL, &iv);

	utest_begin(argc, argv);
	if (argc == 3 && strcmp(argv[1], "exec") == 0) {
		/* After exec: the timer id is gone, the itimer is still running. */
		id = atoi(argv[2]);
		CHECK_ERR(syscall(SYS_timer_gettime, id, &cur), EINVAL);
		CHECK_EQ(gerr, 0);
		CHECK_MSG(iv.it_value.tv_sec >= 15 && iv.it_value.tv_sec <= 20, "itimer %ld s left",
			  (long)iv.it_value.tv_sec);
		utest_pass();
	}
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_NONE;
	/* The raw call, so the id is the kernel's (the C libraries may wrap it). */
	CHECK_OK(syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &id));
	CHECK_OK(syscall(SYS_timer_settime, id, 0, &its, NULL));
	CHECK_OK(setitimer(ITIMER_REAL, &v, NULL));
	pid = utest_fork();
	if (pid == 0) {
		CHECK_ERR(syscall(SYS_timer_gettime, id, &cur), EINVAL);
		CHECK_OK(getitimer(ITIMER_REAL, &iv));
		CHECK_EQ(iv.it_value.tv_sec + iv.it_value.tv_usec, 0);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	CHECK_OK(syscall(SYS_timer_gettime, id, &cur));
	CHECK(cur.it_value.tv_sec >= 25);
	(void)t;
	snprintf(idbuf, sizeof(idbuf), "%d", id);
	execl(utest_self(), utest_self(), "exec", idbuf, (char *)NULL);
	CHECK_MSG(0, "execl failed");
	utest_pass();
}
