/*
 * Fast user-space mutexes (kernel/futex/): sleeping on and waking user
 * words, priority-inheritance locks, and the robust-list clean-up that
 * runs when a thread exits or execs.
 */
#ifndef KERNEL_FUTEX_H
#define KERNEL_FUTEX_H

#include <core/uaccess.h>
#include <lib/list.h>

struct task;

/* A task's futex state, embedded in struct task (zeroed at creation). */
struct futex_task {
	uptr_t robust_list;		/* [c] set_robust_list(2) head, 0: none */
	int exit_state;			/* [futex_pi_lock] FUTEX_TASK_* */
	struct list_head pi_owned;	/* [futex_pi_lock] PI locks held with waiters;
					 * next == NULL until first used */
};

#define FUTEX_TASK_ALIVE 0
#define FUTEX_TASK_EXITING 1	/* robust and PI clean-up running */
#define FUTEX_TASK_DEAD 2	/* clean-up done: owns nothing any more */

/* Wake one waiter on uaddr of the current address space, keyed as a
 * shared futex (what Linux does for the clear-tid word and robust locks). */
void futex_wake_shared(uptr_t uaddr);

/*
 * Thread exit, before the address space goes: walk the robust list
 * (marking the locks this thread holds FUTEX_OWNER_DIED and waking a
 * waiter of each), then hand the PI locks it owns to their waiters.
 */
void futex_exit_release(void);
/* exec (after the other threads are gone): the same clean-up, and the
 * robust list and clear-tid word are forgotten, as on Linux. */
void futex_exec_release(void);

#endif
