/* CPU clocks advance while the process burns CPU and not while it sleeps;
 * other processes' and threads' clocks read through clock_getcpuclockid
 * and pthread_getcpuclockid. */
#include "utest.h"
#include <pthread.h>
#include <time.h>

static long long now(clockid_t c)
{
	struct timespec ts;

	CHECK_OK(clock_gettime(c, &ts));
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void burn(long long ns)
{
	long long end = now(CLOCK_THREAD_CPUTIME_ID) + ns;

	while (now(CLOCK_THREAD_CPUTIME_ID) < end)
		;
}

static volatile int stop;

static void *spinner(void *arg)
{
	(void)arg;
	while (!stop)
		;
	return NULL;
}

int main(int argc, char **argv)
{
	long long p0, t0, p1, t1, w0;
	clockid_t cid, tid;
	pthread_t th;
	pid_t child;
	int fds[2], back[2];
	char c;

	utest_begin(argc, argv);
	/* Each outer read brackets the inner ones: wall, process, thread. */
	w0 = now(CLOCK_MONOTONIC);
	p0 = now(CLOCK_PROCESS_CPUTIME_ID);
	t0 = now(CLOCK_THREAD_CPUTIME_ID);
	burn(100000000LL);
	t1 = now(CLOCK_THREAD_CPUTIME_ID);
	p1 = now(CLOCK_PROCESS_CPUTIME_ID);
	CHECK(t1 - t0 >= 100000000LL);
	CHECK(p1 - p0 >= t1 - t0 - 1000000LL);
	CHECK(t1 - t0 <= now(CLOCK_MONOTONIC) - w0 + 1000000LL);
	/* Sleeping costs (almost) no CPU time. */
	usleep(200000);
	CHECK_MSG(now(CLOCK_PROCESS_CPUTIME_ID) - p1 < 100000000LL, "CPU time grew while asleep");

	/* Our own clock by pid: the same as CLOCK_PROCESS_CPUTIME_ID. */
	CHECK_EQ(clock_getcpuclockid(getpid(), &cid), 0);
	p0 = now(cid);
	CHECK(p0 >= p1 && p0 <= now(CLOCK_PROCESS_CPUTIME_ID));

	/* A child's clock advances while it burns. */
	CHECK_OK(pipe(fds));
	CHECK_OK(pipe(back));
	child = utest_fork();
	if (child == 0) {
		close(fds[0]);
		close(back[1]);
		burn(50000000LL);
		CHECK_EQ(write(fds[1], "x", 1), 1);
		CHECK_EQ(read(back[0], &c, 1), 0);	/* until the parent closes it */
		_exit(0);
	}
	close(fds[1]);
	close(back[0]);
	CHECK_EQ(read(fds[0], &c, 1), 1);
	CHECK_EQ(clock_getcpuclockid(child, &cid), 0);
	CHECK_MSG(now(cid) >= 50000000LL, "child clock %lld", now(cid));
	close(back[1]);
	CHECK_CHILD_EXIT(child, 0);
	/* Gone: its clock no longer exists. */
	CHECK_ERR(clock_gettime(cid, &(struct timespec){ 0 }), EINVAL);

	/* A thread's clock: it advances while the thread spins, and the
	 * process clock includes it. */
	CHECK_EQ(pthread_create(&th, NULL, spinner, NULL), 0);
	CHECK_EQ(pthread_getcpuclockid(th, &tid), 0);
	p0 = now(CLOCK_PROCESS_CPUTIME_ID);
	t0 = now(tid);
	usleep(100000);
	t1 = now(tid);
	p1 = now(CLOCK_PROCESS_CPUTIME_ID);
	stop = 1;
	CHECK_EQ(pthread_join(th, NULL), 0);
	CHECK_MSG(t1 - t0 >= 20000000LL, "thread clock moved %lld", t1 - t0);
	CHECK(p1 - p0 >= t1 - t0 - 1000000LL);
	utest_pass();
}
