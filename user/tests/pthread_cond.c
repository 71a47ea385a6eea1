/* Condition variables: signal wakes a waiter, broadcast wakes them all,
 * a timed wait times out (CLOCK_REALTIME by default, CLOCK_MONOTONIC by
 * attribute) with the mutex held again, within generous bounds. */
#include "utest.h"
#include <pthread.h>
#include <time.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int ready, go, woken;

static void *waiter(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	ready++;
	pthread_cond_broadcast(&c);
	while (go == 0)
		pthread_cond_wait(&c, &m);
	go--;
	woken++;
	pthread_cond_broadcast(&c);
	pthread_mutex_unlock(&m);
	return NULL;
}

static void timed(pthread_cond_t *cv, clockid_t clk)
{
	struct timespec ts, t0, t1;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	clock_gettime(clk, &ts);
	ts.tv_nsec += 50000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	CHECK_EQ(pthread_mutex_lock(&m), 0);
	CHECK_EQ(pthread_cond_timedwait(cv, &m, &ts), ETIMEDOUT);
	CHECK_EQ(pthread_mutex_trylock(&m), EBUSY);	/* held again */
	CHECK_EQ(pthread_mutex_unlock(&m), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	CHECK_MSG(ms >= 40 && ms < 5000, "timed wait took %ld ms", ms);
}

int main(int argc, char **argv)
{
	pthread_t t[4];
	pthread_condattr_t a;
	pthread_cond_t mono;

	utest_begin(argc, argv);
	for (int i = 0; i < 4; i++)
		CHECK_EQ(pthread_create(&t[i], NULL, waiter, NULL), 0);
	pthread_mutex_lock(&m);
	while (ready < 4)
		pthread_cond_wait(&c, &m);
	go = 1;
	pthread_cond_signal(&c);
	while (woken < 1)
		pthread_cond_wait(&c, &m);
	CHECK_EQ(woken, 1);
	go = 3;
	pthread_cond_broadcast(&c);
	while (woken < 4)
		pthread_cond_wait(&c, &m);
	pthread_mutex_unlock(&m);
	for (int i = 0; i < 4; i++)
		CHECK_EQ(pthread_join(t[i], NULL), 0);

	timed(&c, CLOCK_REALTIME);
	CHECK_EQ(pthread_condattr_init(&a), 0);
	CHECK_EQ(pthread_condattr_setclock(&a, CLOCK_MONOTONIC), 0);
	CHECK_EQ(pthread_cond_init(&mono, &a), 0);
	timed(&mono, CLOCK_MONOTONIC);
	utest_pass();
}
