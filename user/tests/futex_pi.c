/* PI futexes, by the word protocol: LOCK_PI takes a free word (keeping
 * OWNER_DIED), EDEADLK for our own, ESRCH for a tid naming no thread;
 * UNLOCK_PI only by the owner (EPERM) and hands the lock to a waiter
 * (its tid | FUTEX_WAITERS); TRYLOCK_PI is EAGAIN while another thread
 * holds it; LOCK_PI's absolute timeout; and four threads sharing a
 * counter through the user fast path and the kernel slow path. */
#include "futex_util.h"
#include <pthread.h>

#define MS 1000000ULL
#define ROUNDS 100	/* every contended hand-off is a wake-up: short enough for a loaded host */

static uint32_t lock;
static long counter;
static int got_lock;

static pid_t tid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

static void pi_lock(uint32_t *w)
{
	uint32_t zero = 0;

	if (__atomic_compare_exchange_n(w, &zero, (uint32_t)tid(), 0, __ATOMIC_ACQUIRE,
					__ATOMIC_RELAXED))
		return;
	while (futex_call(w, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0) != 0)
		CHECK_EQ(errno, EINTR);
}

static void pi_unlock(uint32_t *w)
{
	uint32_t me = (uint32_t)tid();

	if (__atomic_compare_exchange_n(w, &me, 0, 0, __ATOMIC_RELEASE, __ATOMIC_RELAXED))
		return;
	CHECK_EQ(futex_call(w, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0), 0);
}

static void *blocker(void *arg)
{
	(void)arg;
	CHECK_EQ(futex_call(&lock, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0), 0);
	/* Handed over: the word names us, with WAITERS still set. */
	CHECK_EQ(lock, (uint32_t)tid() | FUTEX_WAITERS);
	__atomic_store_n(&got_lock, 1, __ATOMIC_SEQ_CST);
	CHECK_EQ(futex_call(&lock, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0), 0);
	return NULL;
}

static void *try_and_time_out(void *arg)
{
	struct timespec ts;
	uint64_t deadline = now_ns(CLOCK_REALTIME) + 50 * MS, start = now_ns(CLOCK_MONOTONIC);

	(void)arg;
	CHECK_ERR(futex_call(&lock, FUTEX_TRYLOCK_PI_PRIVATE, 0, NULL, NULL, 0), EAGAIN);
	ts.tv_sec = (time_t)(deadline / 1000000000ULL);
	ts.tv_nsec = (long)(deadline % 1000000000ULL);
	CHECK_ERR(futex_call(&lock, FUTEX_LOCK_PI_PRIVATE, 0, &ts, NULL, 0), ETIMEDOUT);
	CHECK(now_ns(CLOCK_MONOTONIC) - start >= 40 * MS);
	/* Not the owner. */
	CHECK_ERR(futex_call(&lock, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0), EPERM);
	return NULL;
}

static void *hammer(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		pi_lock(&lock);
		counter++;
		pi_unlock(&lock);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[4];
	uint32_t me = (uint32_t)tid();

	utest_begin(argc, argv);
	/* Uncontended. */
	CHECK_EQ(futex_call(&lock, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0), 0);
	CHECK_EQ(lock, me);
	CHECK_ERR(futex_call(&lock, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0), EDEADLK);
	CHECK_ERR(futex_call(&lock, FUTEX_TRYLOCK_PI_PRIVATE, 0, NULL, NULL, 0), EDEADLK);
	CHECK_EQ(futex_call(&lock, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0), 0);
	CHECK_EQ(lock, 0);
	CHECK_ERR(futex_call(&lock, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0), EPERM);
	CHECK_EQ(futex_call(&lock, FUTEX_TRYLOCK_PI_PRIVATE, 0, NULL, NULL, 0), 0);
	CHECK_EQ(lock, me);
	CHECK_EQ(futex_call(&lock, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0), 0);
	/* A dead owner's mark stays; a tid that names no thread is ESRCH. */
	lock = FUTEX_OWNER_DIED;
	CHECK_EQ(futex_call(&lock, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0), 0);
	CHECK_EQ(lock, FUTEX_OWNER_DIED | me);
	CHECK_EQ(futex_call(&lock, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0), 0);
	CHECK_EQ(lock, 0);
	lock = 0x3ffffff0;
	CHECK_ERR(futex_call(&lock, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0), ESRCH);
	lock = 0x3ffffff0;
	CHECK_ERR(futex_call(&lock, FUTEX_TRYLOCK_PI_PRIVATE, 0, NULL, NULL, 0), ESRCH);

	/* Contended: we hold it, another thread times out, one blocks. */
	lock = 0;
	CHECK_EQ(futex_call(&lock, FUTEX_LOCK_PI_PRIVATE, 0, NULL, NULL, 0), 0);
	CHECK_EQ(pthread_create(&t[0], NULL, try_and_time_out, NULL), 0);
	CHECK_EQ(pthread_join(t[0], NULL), 0);
	CHECK_EQ(pthread_create(&t[0], NULL, blocker, NULL), 0);
	while (!(__atomic_load_n(&lock, __ATOMIC_SEQ_CST) & FUTEX_WAITERS))
		usleep(1000);
	usleep(20000);
	CHECK(!__atomic_load_n(&got_lock, __ATOMIC_SEQ_CST));
	CHECK_EQ(lock & FUTEX_TID_MASK, me);
	CHECK_EQ(futex_call(&lock, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0), 0);
	CHECK_EQ(pthread_join(t[0], NULL), 0);
	CHECK(got_lock);
	CHECK_EQ(lock, 0);

	/* Many lockers. */
	for (int i = 0; i < 4; i++)
		CHECK_EQ(pthread_create(&t[i], NULL, hammer, NULL), 0);
	for (int i = 0; i < 4; i++)
		CHECK_EQ(pthread_join(t[i], NULL), 0);
	CHECK_EQ(counter, 4 * ROUNDS);
	CHECK_EQ(lock, 0);
	utest_pass();
}
