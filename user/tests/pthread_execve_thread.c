/* execve from a thread of a multi-threaded process: the other threads
 * (one blocked in a futex wait, one spinning) are ended, and the new
 * image runs as the process, whose pid it keeps, single-threaded (its
 * tid is the pid). */
#include "utest.h"
#include <pthread.h>

static char *self;
static char pidbuf[32];

static void *sleeper(void *arg)
{
	int w = 0;

	(void)arg;
	for (;;)
		syscall(SYS_futex, &w, 128 /* FUTEX_WAIT_PRIVATE */, 0, NULL, NULL, 0);
	return NULL;
}

static void *spinner(void *arg)
{
	(void)arg;
	for (;;)
		__asm__ volatile("" ::: "memory");
	return NULL;
}

static void *execer(void *arg)
{
	char *args[] = { self, "image", pidbuf, NULL };

	(void)arg;
	usleep(20000);
	execv(self, args);
	_exit(3);
}

int main(int argc, char **argv)
{
	pthread_t t;
	pid_t pid;

	utest_begin(argc, argv);
	if (argc == 3 && !strcmp(argv[1], "image")) {
		/* The new image: same pid, and the thread running it is the leader. */
		if (getpid() != atoi(argv[2]) || syscall(SYS_gettid) != getpid())
			_exit(4);
		_exit(0);
	}
	self = (char *)utest_self();
	pid = utest_fork();
	if (pid == 0) {
		snprintf(pidbuf, sizeof(pidbuf), "%d", (int)getpid());
		if (pthread_create(&t, NULL, sleeper, NULL) || pthread_create(&t, NULL, spinner, NULL) ||
		    pthread_create(&t, NULL, execer, NULL))
			_exit(2);
		for (;;)
			pause();
	}
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
