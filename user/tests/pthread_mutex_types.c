/* Mutex kinds: a normal mutex excludes (trylock EBUSY from another
 * thread); a recursive one counts its owner's locks; an error-checking
 * one says EDEADLK to its owner and EPERM to an unlock by another thread;
 * a priority-inheritance one (PTHREAD_PRIO_INHERIT, LOCK_PI underneath)
 * does all that and keeps a shared counter right under contention. */
#include "utest.h"
#include <pthread.h>

#define ROUNDS 200

static pthread_mutex_t normal, recursive, errcheck, pi, pi_err;
static long counter;

static void init(pthread_mutex_t *m, int type, int protocol)
{
	pthread_mutexattr_t a;

	CHECK_EQ(pthread_mutexattr_init(&a), 0);
	CHECK_EQ(pthread_mutexattr_settype(&a, type), 0);
	CHECK_EQ(pthread_mutexattr_setprotocol(&a, protocol), 0);
	CHECK_EQ(pthread_mutex_init(m, &a), 0);
	pthread_mutexattr_destroy(&a);
}

static void *other(void *arg)
{
	(void)arg;
	CHECK_EQ(pthread_mutex_trylock(&normal), EBUSY);
	CHECK_EQ(pthread_mutex_trylock(&recursive), EBUSY);
	CHECK_EQ(pthread_mutex_trylock(&pi), EBUSY);
	CHECK_EQ(pthread_mutex_unlock(&errcheck), EPERM);
	CHECK_EQ(pthread_mutex_unlock(&pi_err), EPERM);
	return NULL;
}

static void *hammer(void *arg)
{
	pthread_mutex_t *m = arg;

	for (int i = 0; i < ROUNDS; i++) {
		CHECK_EQ(pthread_mutex_lock(m), 0);
		counter++;
		CHECK_EQ(pthread_mutex_unlock(m), 0);
	}
	return NULL;
}

static void contend(pthread_mutex_t *m)
{
	pthread_t t[4];

	counter = 0;
	for (int i = 0; i < 4; i++)
		CHECK_EQ(pthread_create(&t[i], NULL, hammer, m), 0);
	for (int i = 0; i < 4; i++)
		CHECK_EQ(pthread_join(t[i], NULL), 0);
	CHECK_EQ(counter, 4 * ROUNDS);
}

int main(int argc, char **argv)
{
	pthread_t t;

	utest_begin(argc, argv);
	init(&normal, PTHREAD_MUTEX_NORMAL, PTHREAD_PRIO_NONE);
	init(&recursive, PTHREAD_MUTEX_RECURSIVE, PTHREAD_PRIO_NONE);
	init(&errcheck, PTHREAD_MUTEX_ERRORCHECK, PTHREAD_PRIO_NONE);
	init(&pi, PTHREAD_MUTEX_NORMAL, PTHREAD_PRIO_INHERIT);
	init(&pi_err, PTHREAD_MUTEX_ERRORCHECK, PTHREAD_PRIO_INHERIT);

	CHECK_EQ(pthread_mutex_lock(&normal), 0);
	CHECK_EQ(pthread_mutex_lock(&recursive), 0);
	CHECK_EQ(pthread_mutex_lock(&recursive), 0);
	CHECK_EQ(pthread_mutex_trylock(&recursive), 0);
	CHECK_EQ(pthread_mutex_lock(&errcheck), 0);
	CHECK_EQ(pthread_mutex_lock(&errcheck), EDEADLK);
	CHECK_EQ(pthread_mutex_lock(&pi), 0);
	CHECK_EQ(pthread_mutex_lock(&pi_err), 0);
	CHECK_EQ(pthread_mutex_lock(&pi_err), EDEADLK);
	CHECK_EQ(pthread_create(&t, NULL, other, NULL), 0);
	CHECK_EQ(pthread_join(t, NULL), 0);
	CHECK_EQ(pthread_mutex_unlock(&recursive), 0);
	CHECK_EQ(pthread_mutex_unlock(&recursive), 0);
	CHECK_EQ(pthread_mutex_unlock(&recursive), 0);
	CHECK_EQ(pthread_mutex_unlock(&recursive), EPERM);
	CHECK_EQ(pthread_mutex_unlock(&errcheck), 0);
	CHECK_EQ(pthread_mutex_unlock(&errcheck), EPERM);
	CHECK_EQ(pthread_mutex_unlock(&normal), 0);
	CHECK_EQ(pthread_mutex_unlock(&pi), 0);
	CHECK_EQ(pthread_mutex_unlock(&pi_err), 0);
	CHECK_EQ(pthread_mutex_unlock(&pi_err), EPERM);

	contend(&normal);
	contend(&recursive);
	contend(&pi);
	utest_pass();
}
