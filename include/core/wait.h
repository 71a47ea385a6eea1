/*
 * Wait queues, mutexes and completions.
 * Lock order: mutex -> anything; wait_queue.lock is a leaf (irq-saving).
 */
#ifndef CORE_WAIT_H
#define CORE_WAIT_H

#include <core/spinlock.h>
#include <core/sched.h>
#include <lib/list.h>
#include <mica/errno.h>

struct wait_queue {
	spinlock_t lock;
	struct list_head waiters;
};

struct waiter {
	struct list_head link;
	struct task *task;
	bool exclusive;
};

#define WAITER_INIT(w) { .link = LIST_HEAD_INIT((w).link), .task = NULL, .exclusive = false }
#define WAIT_QUEUE_INIT(wq) { SPINLOCK_INIT(#wq), LIST_HEAD_INIT((wq).waiters) }
void wait_queue_init(struct wait_queue *wq);
void prepare_to_wait(struct wait_queue *wq, struct waiter *w, long state, bool exclusive);
void finish_wait(struct wait_queue *wq, struct waiter *w);
void wake_up_one(struct wait_queue *wq);
void wake_up_all(struct wait_queue *wq);

/* Sleep until cond holds (evaluated with no lock held). */
#define wait_event(wq, cond)                                                        \
	do {                                                                        \
		struct waiter __w = WAITER_INIT(__w);                                                  \
		for (;;) {                                                          \
			prepare_to_wait(&(wq), &__w, TASK_UNINTERRUPTIBLE, false);  \
			if (cond)                                                   \
				break;                                              \
			schedule();                                                 \
		}                                                                   \
		finish_wait(&(wq), &__w);                                           \
	} while (0)

/* As wait_event, but a signal ends the wait: 0 when cond holds, else
 * -ERESTARTSYS (which the signal code turns into EINTR or a restart). */
#define wait_event_interruptible(wq, cond)                                          \
	({                                                                          \
		struct waiter __w = WAITER_INIT(__w);                               \
		int __ret = 0;                                                      \
		for (;;) {                                                          \
			prepare_to_wait(&(wq), &__w, TASK_INTERRUPTIBLE, false);    \
			if (cond)                                                   \
				break;                                              \
			if (signal_pending()) {                                     \
				__ret = -ERESTARTSYS;                               \
				break;                                              \
			}                                                           \
			schedule();                                                 \
		}                                                                   \
		finish_wait(&(wq), &__w);                                           \
		__ret;                                                              \
	})

/* As wait_event, for at most ns; evaluates to true if cond held. */
#define wait_event_timeout(wq, cond, ns)                                            \
	({                                                                          \
		struct waiter __w = WAITER_INIT(__w);                                                  \
		u64 __left = (ns);                                                  \
		bool __ok;                                                          \
		for (;;) {                                                          \
			prepare_to_wait(&(wq), &__w, TASK_UNINTERRUPTIBLE, false);  \
			if ((__ok = (cond)) || !__left)                             \
				break;                                              \
			__left = schedule_timeout(__left);                          \
		}                                                                   \
		finish_wait(&(wq), &__w);                                           \
		__ok;                                                               \
	})

struct mutex {
	struct task *owner;	/* [lock of wq] */
	struct wait_queue wq;
	const char *name;
};

#define MUTEX_INIT(m) { NULL, WAIT_QUEUE_INIT((m).wq), #m }
void mutex_init(struct mutex *m, const char *name);
void mutex_lock(struct mutex *m);
bool mutex_trylock(struct mutex *m);
void mutex_unlock(struct mutex *m);
bool mutex_is_locked(struct mutex *m);

struct completion {
	unsigned int done;	/* [wq.lock] */
	struct wait_queue wq;
};

void completion_init(struct completion *c);
void complete(struct completion *c);
void complete_all(struct completion *c);
void wait_for_completion(struct completion *c);
bool wait_for_completion_timeout(struct completion *c, u64 ns);
bool completion_done(struct completion *c);

#endif
