/* A CLONE_VM|CLONE_THREAD thread shares the address space and the pid of
 * its creator but has a tid of its own. */
#include "utest.h"

#define FLAGS_THREAD (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | \
		      CLONE_SYSVSEM)
#ifndef FUTEX_WAIT
#define FUTEX_WAIT 0
#endif

static volatile int shared_word;
static volatile pid_t thread_pid, thread_tid;
static volatile pid_t ctid = -1;

static int worker(void *arg)
{
	shared_word = *(int *)arg;
	thread_pid = syscall(SYS_getpid);
	thread_tid = syscall(SYS_gettid);
	return 0;
}

int main(int argc, char **argv)
{
	size_t sz = 64 * 1024;
	char *stack = malloc(sz);
	int value = 4242;
	pid_t tid, v;

	utest_begin(argc, argv);
	CHECK(stack != NULL);
	tid = clone(worker, stack + sz, FLAGS_THREAD | CLONE_CHILD_CLEARTID, &value, NULL, NULL,
		    &ctid);
	CHECK(tid > 0);
	while ((v = ctid) != 0)
		syscall(SYS_futex, &ctid, FUTEX_WAIT, v, NULL, NULL, 0);
	CHECK_EQ(shared_word, 4242);
	CHECK_EQ(thread_pid, getpid());
	CHECK_EQ(thread_tid, tid);
	CHECK_NE(thread_tid, getpid());
	CHECK_EQ(syscall(SYS_gettid), getpid());
	/* A thread is not a child that wait4 sees. */
	CHECK_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
	utest_pass();
}
