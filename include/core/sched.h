/*
 * The scheduler interface core's sleeping primitives (wait queues, mutexes,
 * completions) are built on. kernel/sched implements it.
 */
#ifndef CORE_SCHED_H
#define CORE_SCHED_H

#include <mica/types.h>

struct task;

#define TASK_RUNNING 0
#define TASK_INTERRUPTIBLE 1
#define TASK_UNINTERRUPTIBLE 2
#define TASK_DEAD 4
#define TASK_STOPPED 8	/* job control: only SIGCONT or SIGKILL wake it */

void set_current_state(long state);
/* For TASK_DEAD and TASK_STOPPED: no stale wake-up may undo them. */
void set_special_state(long state);
void schedule(void);
/* Sleep in the current state for up to ns; returns ns left (0 = timed out). */
u64 schedule_timeout(u64 ns);
/* Make t runnable if it sleeps; false if it was already running. */
bool wake_up_process(struct task *t);
/* As wake_up_process, only if t sleeps in one of the states in mask. */
bool wake_up_state(struct task *t, long mask);
/* The current task has a signal to act on (kernel/signal): interruptible
 * sleeps end early and return -ERESTARTSYS or -EINTR. */
bool signal_pending(void);
void might_sleep(void);

#endif
