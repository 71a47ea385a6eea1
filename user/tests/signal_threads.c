/* Signals and threads (pthread_create of either libc): pthread_kill reaches
 * the named thread; a process-directed signal goes to a thread that does
 * not block it; each thread has its own mask. */
#include "utest.h"
#include <pthread.h>
#include <sys/syscall.h>

static volatile pid_t handled_by;
static volatile sig_atomic_t handled;
static pid_t worker_tid;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int stage;

static void handler(int sig)
{
	(void)sig;
	handled_by = (pid_t)syscall(SYS_gettid);
	handled++;
}

static void wait_stage(int s)
{
	pthread_mutex_lock(&lock);
	while (stage < s)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
}

static void set_stage(int s)
{
	pthread_mutex_lock(&lock);
	stage = s;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
}

static void *worker(void *arg)
{
	sigset_t set;

	(void)arg;
	worker_tid = (pid_t)syscall(SYS_gettid);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);	/* this thread takes SIGUSR1 */
	set_stage(1);
	while (handled < 2)
		usleep(1000);
	set_stage(2);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t;
	sigset_t set, mine;

	utest_begin(argc, argv);
	CHECK(signal(SIGUSR1, handler) != SIG_ERR);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK_EQ(pthread_sigmask(SIG_BLOCK, &set, NULL), 0);	/* main never takes it */
	CHECK_EQ(pthread_create(&t, NULL, worker, NULL), 0);
	wait_stage(1);
	CHECK_EQ(pthread_kill(t, SIGUSR1), 0);
	while (handled < 1)
		usleep(1000);
	CHECK_EQ(handled_by, worker_tid);
	CHECK_OK(kill(getpid(), SIGUSR1));	/* process-directed */
	wait_stage(2);
	CHECK_EQ(handled, 2);
	CHECK_EQ(handled_by, worker_tid);
	CHECK_EQ(pthread_join(t, NULL), 0);
	CHECK_EQ(pthread_sigmask(SIG_SETMASK, NULL, &mine), 0);
	CHECK(sigismember(&mine, SIGUSR1));
	utest_pass();
}
