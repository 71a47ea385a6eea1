/* set_robust_list/get_robust_list (EINVAL for a wrong size, ESRCH for no
 * such thread, EPERM for another user's process) and the clean-up at
 * thread and process exit: each lock on the dead thread's list that
 * holds its tid gets FUTEX_OWNER_DIED (WAITERS kept, tid cleared) and one
 * waiter is woken; locks held by others are left alone; the pending
 * entry counts too. qemu-user has no robust lists: checked natively. */
#include "futex_util.h"
#include <pthread.h>
#include <stddef.h>

struct rlist { struct rlist *next; };
struct rhead { struct rlist list; long futex_offset; struct rlist *pending; };
struct lock { struct rlist link; uint32_t word; };

/* Locks in shared memory, so a child process can die holding them. */
static struct lock *locks;	/* [0], [1] on the list, [2] pending, [3] someone else's */
static struct rhead *heads;	/* one per dying thread or process */

static pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* Take the four locks' words as a thread that then exits. */
static void hold_and_register(struct rhead *h)
{
	uint32_t me = (uint32_t)gettid_();

	locks[0].word = me;
	locks[1].word = me | FUTEX_WAITERS;
	locks[2].word = me;
	locks[3].word = me + 1;	/* not ours: must stay */
	h->list.next = &locks[0].link;
	locks[0].link.next = &locks[1].link;
	locks[1].link.next = &locks[3].link;
	locks[3].link.next = &h->list;
	h->futex_offset = offsetof(struct lock, word);
	h->pending = &locks[2].link;
	if (syscall(SYS_set_robust_list, h, sizeof(*h)) != 0)
		utest_fail(__FILE__, __LINE__, errno, "set_robust_list");
}

static uint32_t dead_tid;

static void *dier(void *arg)
{
	(void)arg;
	dead_tid = (uint32_t)gettid_();
	hold_and_register(&heads[0]);
	return NULL;	/* exits holding locks 0..2 */
}

static void *waiter(void *arg)
{
	(void)arg;
	/* The kernel wakes robust waiters as shared futexes. */
	while (!(__atomic_load_n(&locks[1].word, __ATOMIC_SEQ_CST) & FUTEX_OWNER_DIED))
		futex_call(&locks[1].word, FUTEX_WAIT, __atomic_load_n(&locks[1].word,
								       __ATOMIC_SEQ_CST),
			   NULL, NULL, 0);
	return NULL;
}

static void check_released(uint32_t tid)
{
	CHECK_EQ(locks[0].word, FUTEX_OWNER_DIED);
	CHECK_EQ(locks[1].word, FUTEX_OWNER_DIED | FUTEX_WAITERS);
	CHECK_EQ(locks[2].word, FUTEX_OWNER_DIED);
	CHECK_EQ(locks[3].word, tid + 1);
}

int main(int argc, char **argv)
{
	struct rhead *cur;
	size_t len = 0;
	pthread_t t, w;
	pid_t pid;

	utest_begin(argc, argv);
	locks = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	heads = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(locks != MAP_FAILED && heads != MAP_FAILED);

	CHECK_ERR(syscall(SYS_set_robust_list, &heads[1], sizeof(heads[1]) - 1), EINVAL);
	CHECK_ERR(syscall(SYS_set_robust_list, &heads[1], sizeof(heads[1]) + 8), EINVAL);
	CHECK_OK(syscall(SYS_get_robust_list, 0, &cur, &len));
	CHECK_EQ(len, sizeof(struct rhead));
	CHECK_ERR(syscall(SYS_get_robust_list, 0x3ffffff0, &cur, &len), ESRCH);
	CHECK_ERR(syscall(SYS_get_robust_list, 0, UTEST_BAD_PTR, &len), EFAULT);
	pid = utest_fork();
	if (pid == 0) {
		/* Another user may not look at root's list. */
		if (setuid(65534) != 0)
			_exit(2);
		_exit(syscall(SYS_get_robust_list, getppid(), &cur, &len) == -1 && errno == EPERM
			      ? 0 : 1);
	}
	CHECK_CHILD_EXIT(pid, 0);

	/* A thread dies holding three locks, with a waiter on one. */
	locks[1].word = 1;
	CHECK_EQ(pthread_create(&w, NULL, waiter, NULL), 0);
	CHECK_EQ(pthread_create(&t, NULL, dier, NULL), 0);
	CHECK_EQ(pthread_join(t, NULL), 0);
	CHECK_EQ(pthread_join(w, NULL), 0);
	check_released(dead_tid);

	/* A process too, its list in shared memory. */
	pid = utest_fork();
	if (pid == 0) {
		hold_and_register(&heads[1]);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	check_released((uint32_t)pid);
	utest_pass();
}
