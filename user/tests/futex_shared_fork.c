/* Shared futexes (no FUTEX_PRIVATE_FLAG) in MAP_SHARED|MAP_ANONYMOUS
 * memory reach across fork: a child waits, the parent wakes it; the
 * parent waits on a second word at another address of its own mapping
 * and the child wakes it. Private memory is not shared: a wake there
 * finds nobody. */
#include "futex_util.h"

int main(int argc, char **argv)
{
	uint32_t *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	static uint32_t priv;
	pid_t pid;

	utest_begin(argc, argv);
	CHECK(m != MAP_FAILED);
	pid = utest_fork();
	if (pid == 0) {
		/* Child: wait for m[0] to change; then wake the parent on m[1024]. */
		while (__atomic_load_n(&m[0], __ATOMIC_SEQ_CST) == 0)
			futex_call(&m[0], FUTEX_WAIT, 0, NULL, NULL, 0);
		futex_wait_for_waiters(&m[1024], 0, 1);
		__atomic_store_n(&m[1024], 1, __ATOMIC_SEQ_CST);
		if (futex_call(&m[1024], FUTEX_WAKE, 1, NULL, NULL, 0) != 1)
			_exit(3);
		/* Private: the parent's copy of priv is another futex. */
		_exit(futex_call(&priv, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0) == 0 ? 0 : 2);
	}
	futex_wait_for_waiters(&m[0], 0, 1);
	__atomic_store_n(&m[0], 1, __ATOMIC_SEQ_CST);
	CHECK_EQ(futex_call(&m[0], FUTEX_WAKE, INT_MAX, NULL, NULL, 0), 1);
	while (__atomic_load_n(&m[1024], __ATOMIC_SEQ_CST) == 0)
		futex_call(&m[1024], FUTEX_WAIT, 0, NULL, NULL, 0);
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
