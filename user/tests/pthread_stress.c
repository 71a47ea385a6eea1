/* A short pthread stress for several harts: threads hammer a normal, a
 * robust and a priority-inheritance mutex, and pass tokens through a
 * condition variable; every counter must add up at the end. Robust
 * mutexes need robust lists, which qemu-user lacks: checked natively. */
#include "utest.h"
#include <pthread.h>

#define THREADS 8
#define ROUNDS 400
#define TOKENS 400

static pthread_mutex_t plain = PTHREAD_MUTEX_INITIALIZER, robust, pi;
static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t qcond = PTHREAD_COND_INITIALIZER;
static long n_plain, n_robust, n_pi, queued, taken;

static void init(pthread_mutex_t *m, int robustness, int protocol)
{
	pthread_mutexattr_t a;

	CHECK_EQ(pthread_mutexattr_init(&a), 0);
	CHECK_EQ(pthread_mutexattr_setrobust(&a, robustness), 0);
	CHECK_EQ(pthread_mutexattr_setprotocol(&a, protocol), 0);
	CHECK_EQ(pthread_mutex_init(m, &a), 0);
	pthread_mutexattr_destroy(&a);
}

static void *worker(void *arg)
{
	long id = (long)arg;

	for (int i = 0; i < ROUNDS; i++) {
		CHECK_EQ(pthread_mutex_lock(&plain), 0);
		n_plain++;
		CHECK_EQ(pthread_mutex_unlock(&plain), 0);
		CHECK_EQ(pthread_mutex_lock(&robust), 0);
		n_robust++;
		CHECK_EQ(pthread_mutex_unlock(&robust), 0);
		if (i % 4 == 0) {
			CHECK_EQ(pthread_mutex_lock(&pi), 0);
			n_pi++;
			CHECK_EQ(pthread_mutex_unlock(&pi), 0);
		}
	}
	/* Half produce tokens, half consume them. */
	pthread_mutex_lock(&qlock);
	for (int i = 0; i < TOKENS; i++) {
		if (id % 2 == 0) {
			queued++;
			pthread_cond_signal(&qcond);
		} else {
			while (queued == 0)
				pthread_cond_wait(&qcond, &qlock);
			queued--;
			taken++;
		}
		if (i % 16 == 0) {
			pthread_mutex_unlock(&qlock);
			pthread_mutex_lock(&qlock);
		}
	}
	pthread_mutex_unlock(&qlock);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[THREADS];

	utest_begin(argc, argv);
	init(&robust, PTHREAD_MUTEX_ROBUST, PTHREAD_PRIO_NONE);
	init(&pi, PTHREAD_MUTEX_ROBUST, PTHREAD_PRIO_INHERIT);
	for (long i = 0; i < THREADS; i++)
		CHECK_EQ(pthread_create(&t[i], NULL, worker, (void *)i), 0);
	for (int i = 0; i < THREADS; i++)
		CHECK_EQ(pthread_join(t[i], NULL), 0);
	CHECK_EQ(n_plain, THREADS * ROUNDS);
	CHECK_EQ(n_robust, THREADS * ROUNDS);
	CHECK_EQ(n_pi, THREADS * ROUNDS / 4);
	CHECK_EQ(taken, THREADS / 2 * TOKENS);
	CHECK_EQ(queued, 0);
	utest_pass();
}
