/* Semaphores: sem_post wakes a sem_wait, sem_trywait says EAGAIN at 0,
 * sem_timedwait times out; a process-shared semaphore in MAP_SHARED
 * memory works between a parent and its child. */
#include "utest.h"
#include <pthread.h>
#include <semaphore.h>
#include <time.h>

static sem_t s;

static void *poster(void *arg)
{
	(void)arg;
	usleep(20000);
	CHECK_EQ(sem_post(&s), 0);
	return NULL;
}

int main(int argc, char **argv)
{
	sem_t *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct timespec ts;
	pthread_t t;
	pid_t pid;
	int v;

	utest_begin(argc, argv);
	CHECK_OK(sem_init(&s, 0, 0));
	CHECK_ERR(sem_trywait(&s), EAGAIN);
	CHECK_EQ(pthread_create(&t, NULL, poster, NULL), 0);
	CHECK_OK(sem_wait(&s));
	CHECK_EQ(pthread_join(t, NULL), 0);
	CHECK_OK(sem_getvalue(&s, &v));
	CHECK_EQ(v, 0);
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 30000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	CHECK_ERR(sem_timedwait(&s, &ts), ETIMEDOUT);

	/* Process-shared: [0] the child waits on, [1] it posts back. */
	CHECK(shared != MAP_FAILED);
	CHECK_OK(sem_init(&shared[0], 1, 0));
	CHECK_OK(sem_init(&shared[1], 1, 0));
	pid = utest_fork();
	if (pid == 0) {
		for (int i = 0; i < 3; i++) {
			while (sem_wait(&shared[0]) != 0)
				if (errno != EINTR)
					_exit(1);
			sem_post(&shared[1]);
		}
		_exit(0);
	}
	for (int i = 0; i < 3; i++) {
		usleep(5000);
		CHECK_OK(sem_post(&shared[0]));
		CHECK_OK(sem_wait(&shared[1]));
	}
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
