/* clone with CLONE_PARENT_SETTID and CLONE_CHILD_SETTID stores the new tid
 * at both addresses; CLONE_CHILD_CLEARTID zeroes the child's word and wakes
 * a futex waiter when the thread exits (SYS_exit ends only that thread). */
#include "utest.h"

#define FLAGS_THREAD (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | \
		      CLONE_SYSVSEM)
#ifndef FUTEX_WAIT
#define FUTEX_WAIT 0
#endif

static volatile pid_t ptid = -1, ctid = -1;
static volatile pid_t ctid_seen_by_thread, tid_of_thread;

static int worker(void *arg)
{
	(void)arg;
	tid_of_thread = syscall(SYS_gettid);
	ctid_seen_by_thread = ctid;
	syscall(SYS_exit, 0);
	return 1;
}

int main(int argc, char **argv)
{
	size_t sz = 64 * 1024;
	char *stack = malloc(sz);
	pid_t tid, v;
	long r;

	utest_begin(argc, argv);
	CHECK(stack != NULL);
	tid = clone(worker, stack + sz,
		    FLAGS_THREAD | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID,
		    NULL, &ptid, NULL, &ctid);
	CHECK(tid > 0);
	CHECK_EQ(ptid, tid);
	while ((v = ctid) != 0) {
		r = syscall(SYS_futex, &ctid, FUTEX_WAIT, v, NULL, NULL, 0);
		CHECK(r == 0 || errno == EAGAIN || errno == EINTR);
	}
	CHECK_EQ(tid_of_thread, tid);
	CHECK_EQ(ctid_seen_by_thread, tid);
	CHECK_EQ(ctid, 0);
	/* The process goes on after its thread exited. */
	CHECK_EQ(syscall(SYS_gettid), getpid());
	utest_pass();
}
