/* clone(2) ignores the legacy CLONE_DETACHED flag, which musl's
 * pthread_create passes: threads can be created, joined and detached,
 * and a fork-like clone with CLONE_DETACHED still makes a child. */
#include "utest.h"
#include <pthread.h>

#ifndef CLONE_DETACHED
#define CLONE_DETACHED 0x00400000
#endif

static int detached_done;

static void *add_one(void *arg)
{
	return (void *)((long)arg + 1);
}

static void *mark_done(void *arg)
{
	__atomic_store_n((int *)arg, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* Wait (yielding) until *word is set; false after too many tries. */
static int wait_flag(int *word)
{
	for (long i = 0; i < 10000000; i++) {
		if (__atomic_load_n(word, __ATOMIC_ACQUIRE))
			return 1;
		sched_yield();
	}
	return 0;
}

int main(int argc, char **argv)
{
	pthread_t t[4];
	pthread_attr_t attr;
	int late_done = 0, status;
	void *ret;
	pid_t pid;

	utest_begin(argc, argv);
	/* Create and join: each thread's result comes back. */
	for (long i = 0; i < 4; i++)
		CHECK_EQ(pthread_create(&t[i], NULL, add_one, (void *)(i * 10)), 0);
	for (long i = 0; i < 4; i++) {
		CHECK_EQ(pthread_join(t[i], &ret), 0);
		CHECK_EQ((long)ret, i * 10 + 1);
	}
	/* Created detached: it runs, and cannot be joined. */
	CHECK_EQ(pthread_attr_init(&attr), 0);
	CHECK_EQ(pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED), 0);
	CHECK_EQ(pthread_create(&t[0], &attr, mark_done, &detached_done), 0);
	CHECK_EQ(pthread_attr_destroy(&attr), 0);
	CHECK(wait_flag(&detached_done));
	/* Detached after creation. */
	CHECK_EQ(pthread_create(&t[1], NULL, mark_done, &late_done), 0);
	CHECK_EQ(pthread_detach(t[1]), 0);
	CHECK(wait_flag(&late_done));

	/* The raw flag on a fork-like clone: ignored, the child is normal. */
	pid = CHECK_OK(syscall(SYS_clone, SIGCHLD | CLONE_DETACHED, NULL, NULL, NULL, NULL));
	if (pid == 0)
		_exit(7);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7);
	utest_pass();
}
