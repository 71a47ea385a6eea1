/* Robust mutexes (pthread_mutexattr_setrobust): when the owner thread or
 * process dies holding one, the next locker — also one already waiting —
 * gets EOWNERDEAD, makes it consistent and goes on; the same for a
 * robust priority-inheritance mutex. qemu-user has no robust lists:
 * checked natively. */
#include "utest.h"
#include <pthread.h>

static pthread_mutex_t *shm;	/* [0] private robust, [1] robust PI, [2] process-shared */
static int locked;

static void init(pthread_mutex_t *m, int protocol, int pshared)
{
	pthread_mutexattr_t a;

	CHECK_EQ(pthread_mutexattr_init(&a), 0);
	CHECK_EQ(pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST), 0);
	CHECK_EQ(pthread_mutexattr_setprotocol(&a, protocol), 0);
	CHECK_EQ(pthread_mutexattr_setpshared(&a, pshared), 0);
	CHECK_EQ(pthread_mutex_init(m, &a), 0);
	pthread_mutexattr_destroy(&a);
}

static void *die_holding(void *arg)
{
	CHECK_EQ(pthread_mutex_lock(arg), 0);
	__atomic_store_n(&locked, 1, __ATOMIC_SEQ_CST);
	usleep(50000);	/* let the main thread block on it, most of the time */
	return NULL;
}

/* Lock (the owner dies meanwhile): recover it; the lock's result. */
static void *lock_after_death(void *arg)
{
	int r = pthread_mutex_lock(arg);

	if (r == EOWNERDEAD) {
		CHECK_EQ(pthread_mutex_consistent(arg), 0);
		CHECK_EQ(pthread_mutex_unlock(arg), 0);
	}
	return (void *)(long)r;
}

static void recover(pthread_mutex_t *m, int r)
{
	CHECK_EQ(r, EOWNERDEAD);
	CHECK_EQ(pthread_mutex_consistent(m), 0);
	CHECK_EQ(pthread_mutex_unlock(m), 0);
	CHECK_EQ(pthread_mutex_lock(m), 0);
	CHECK_EQ(pthread_mutex_unlock(m), 0);
}

static void thread_death(pthread_mutex_t *m)
{
	pthread_t t, u;
	void *r;

	__atomic_store_n(&locked, 0, __ATOMIC_SEQ_CST);
	CHECK_EQ(pthread_create(&t, NULL, die_holding, m), 0);
	while (!__atomic_load_n(&locked, __ATOMIC_SEQ_CST))
		usleep(1000);
	/* Blocked while the owner dies. */
	CHECK_EQ(pthread_create(&u, NULL, lock_after_death, m), 0);
	CHECK_EQ(pthread_join(u, &r), 0);
	CHECK_EQ(pthread_join(t, NULL), 0);
	CHECK_EQ((long)r, EOWNERDEAD);
	/* Dead owner, lock taken after the death. */
	CHECK_EQ(pthread_create(&t, NULL, die_holding, m), 0);
	CHECK_EQ(pthread_join(t, NULL), 0);
	recover(m, pthread_mutex_lock(m));
}

int main(int argc, char **argv)
{
	pid_t pid;

	utest_begin(argc, argv);
	shm = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(shm != MAP_FAILED);
	init(&shm[0], PTHREAD_PRIO_NONE, PTHREAD_PROCESS_PRIVATE);
	init(&shm[1], PTHREAD_PRIO_INHERIT, PTHREAD_PROCESS_PRIVATE);
	init(&shm[2], PTHREAD_PRIO_NONE, PTHREAD_PROCESS_SHARED);
	thread_death(&shm[0]);
	thread_death(&shm[1]);

	pid = utest_fork();
	if (pid == 0) {
		if (pthread_mutex_lock(&shm[2]) != 0)
			_exit(1);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	recover(&shm[2], pthread_mutex_lock(&shm[2]));
	/* A never-recovered mutex becomes unusable: ENOTRECOVERABLE. */
	pid = utest_fork();
	if (pid == 0)
		_exit(pthread_mutex_lock(&shm[2]) != 0);
	CHECK_CHILD_EXIT(pid, 0);
	CHECK_EQ(pthread_mutex_lock(&shm[2]), EOWNERDEAD);
	CHECK_EQ(pthread_mutex_unlock(&shm[2]), 0);
	CHECK_EQ(pthread_mutex_lock(&shm[2]), ENOTRECOVERABLE);
	utest_pass();
}
