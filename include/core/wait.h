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

struct waiter;

/*
 * A callback waiter's function (Linux's wait_queue_entry func). Called by
 * every wake-up of the queue with the queue's lock held and interrupts off,
 * possibly from an interrupt handler, so it must not sleep; it may take
 * irq-saving spinlocks and wake other queues, but not add to or remove
 * from the queue it is called for. key is the wake-up's event
 * mask (POLL* bits for files, see wake_up_key), 0 when the waker gave none.
 * Returns true when the wake-up counts as having woken this waiter, which
 * for an exclusive waiter ends a wake_up_one/wake_up_key.
 */
typedef bool (*wake_fn_t)(struct waiter *w, unsigned int key);

/*
 * Two kinds of waiter share a queue. A task waiter (func NULL, queued by
 * prepare_to_wait) is taken off the queue when a wake-up makes its task
 * runnable. A callback waiter (func set, queued by wait_queue_add) stays
 * queued until wait_queue_remove; epoll and poll use them to hear about a
 * file's changes without a task sleeping on each file.
 */
struct waiter {
	struct list_head link;
	struct task *task;	/* task waiters */
	wake_fn_t func;		/* callback waiters */
	bool exclusive;
};

#define WAITER_INIT(w) { .link = LIST_HEAD_INIT((w).link), .task = NULL, .func = NULL, .exclusive = false }
#define WAIT_QUEUE_INIT(wq) { SPINLOCK_INIT(#wq), LIST_HEAD_INIT((wq).waiters) }
void wait_queue_init(struct wait_queue *wq);
void prepare_to_wait(struct wait_queue *wq, struct waiter *w, long state, bool exclusive);
void finish_wait(struct wait_queue *wq, struct waiter *w);
/* Queue a callback waiter (w->func set; w->exclusive: woken one at a time,
 * after every non-exclusive waiter). */
void wait_queue_add(struct wait_queue *wq, struct waiter *w);
/* Unqueue a callback waiter; once it returns, w->func is not running. */
void wait_queue_remove(struct wait_queue *wq, struct waiter *w);
void wake_up_one(struct wait_queue *wq);
void wake_up_all(struct wait_queue *wq);
/* Wake every non-exclusive waiter and the first exclusive one that accepts,
 * passing key to callbacks (which may ignore events they do not watch). */
void wake_up_key(struct wait_queue *wq, unsigned int key);
/* The same with wq->lock already held (irq-saving), to change a state and
 * announce it in one trip through the lock. */
void wake_up_key_locked(struct wait_queue *wq, unsigned int key);

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
