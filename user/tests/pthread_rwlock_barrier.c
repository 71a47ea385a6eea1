/* Read-write locks let readers share and writers exclude (tryrdlock and
 * trywrlock EBUSY, a timed write lock times out); a barrier releases its
 * threads together, one of them PTHREAD_BARRIER_SERIAL_THREAD, round
 * after round. */
#include "utest.h"
#include <pthread.h>
#include <time.h>

#define N 4
#define ROUNDS 20

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_barrier_t bar;
static int serial[ROUNDS], arrived[ROUNDS];

static void *reader(void *arg)
{
	(void)arg;
	/* Main holds a read lock: a second reader gets in, a writer does not. */
	CHECK_EQ(pthread_rwlock_tryrdlock(&rw), 0);
	CHECK_EQ(pthread_rwlock_trywrlock(&rw), EBUSY);
	CHECK_EQ(pthread_rwlock_unlock(&rw), 0);
	return NULL;
}

static void *writer_waits(void *arg)
{
	struct timespec ts;

	(void)arg;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 30000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	CHECK_EQ(pthread_rwlock_timedwrlock(&rw, &ts), ETIMEDOUT);
	CHECK_EQ(pthread_rwlock_wrlock(&rw), 0);	/* after main unlocks */
	CHECK_EQ(pthread_rwlock_unlock(&rw), 0);
	return NULL;
}

static void *in_barrier(void *arg)
{
	(void)arg;
	for (int r = 0; r < ROUNDS; r++) {
		__atomic_fetch_add(&arrived[r], 1, __ATOMIC_SEQ_CST);
		int ret = pthread_barrier_wait(&bar);

		/* Nobody leaves before everyone came. */
		CHECK_EQ(__atomic_load_n(&arrived[r], __ATOMIC_SEQ_CST), N);
		if (ret == PTHREAD_BARRIER_SERIAL_THREAD)
			__atomic_fetch_add(&serial[r], 1, __ATOMIC_SEQ_CST);
		else
			CHECK_EQ(ret, 0);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[N];

	utest_begin(argc, argv);
	CHECK_EQ(pthread_rwlock_rdlock(&rw), 0);
	CHECK_EQ(pthread_create(&t[0], NULL, reader, NULL), 0);
	CHECK_EQ(pthread_join(t[0], NULL), 0);
	CHECK_EQ(pthread_create(&t[0], NULL, writer_waits, NULL), 0);
	usleep(100000);
	CHECK_EQ(pthread_rwlock_unlock(&rw), 0);
	CHECK_EQ(pthread_join(t[0], NULL), 0);

	CHECK_EQ(pthread_barrier_init(&bar, NULL, N), 0);
	for (int i = 0; i < N; i++)
		CHECK_EQ(pthread_create(&t[i], NULL, in_barrier, NULL), 0);
	for (int i = 0; i < N; i++)
		CHECK_EQ(pthread_join(t[i], NULL), 0);
	for (int r = 0; r < ROUNDS; r++)
		CHECK_EQ(serial[r], 1);
	CHECK_EQ(pthread_barrier_destroy(&bar), 0);
	utest_pass();
}
