/*
 * Wait queues, and the mutexes and completions built on them. The sleeper
 * sets its state before testing its condition and the waker changes the
 * condition before waking, so a wake-up between the test and schedule()
 * only makes schedule() return at once: no wake-up is lost.
 */
#include <core/wait.h>
#include <core/cpu.h>
#include <core/panic.h>

void wait_queue_init(struct wait_queue *wq)
{
	spin_lock_init(&wq->lock, "wait_queue");
	INIT_LIST_HEAD(&wq->waiters);
}

void prepare_to_wait(struct wait_queue *wq, struct waiter *w, long state, bool exclusive)
{
	unsigned long flags = spin_lock_irqsave(&wq->lock);

	if (list_empty(&w->link)) {
		/* Not queued: first call, or a wake-up took it off the queue. */
		w->task = current;
		w->exclusive = exclusive;
		if (exclusive)
			list_add_tail(&w->link, &wq->waiters);
		else
			list_add(&w->link, &wq->waiters);
	}
	set_current_state(state);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void finish_wait(struct wait_queue *wq, struct waiter *w)
{
	unsigned long flags;

	set_current_state(TASK_RUNNING);
	flags = spin_lock_irqsave(&wq->lock);
	list_del_init(&w->link);
	spin_unlock_irqrestore(&wq->lock, flags);
	w->task = NULL;
}

void wait_queue_add(struct wait_queue *wq, struct waiter *w)
{
	unsigned long flags = spin_lock_irqsave(&wq->lock);

	w->task = NULL;
	if (w->exclusive)
		list_add_tail(&w->link, &wq->waiters);
	else
		list_add(&w->link, &wq->waiters);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void wait_queue_remove(struct wait_queue *wq, struct waiter *w)
{
	unsigned long flags = spin_lock_irqsave(&wq->lock);

	list_del_init(&w->link);
	spin_unlock_irqrestore(&wq->lock, flags);
}

/*
 * Wake waiters, taking each task actually woken off the queue (it queues
 * itself again if it must sleep on); callbacks stay queued. With one, stop
 * after the first exclusive waiter woken; a task already running does not
 * count, so a wake-up is never spent on a task that is about to look anyway.
 */
static void wake_up_locked(struct wait_queue *wq, bool one, unsigned int key)
{
	struct waiter *w, *tmp;

	list_for_each_entry_safe(w, tmp, &wq->waiters, link) {
		if (w->func) {
			if (!w->func(w, key))
				continue;
		} else {
			if (!wake_up_process(w->task))
				continue;
			list_del_init(&w->link);
		}
		if (one && w->exclusive)
			break;
	}
}

static void wake_up_common(struct wait_queue *wq, bool one, unsigned int key)
{
	unsigned long flags = spin_lock_irqsave(&wq->lock);

	wake_up_locked(wq, one, key);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void wake_up_one(struct wait_queue *wq) { wake_up_common(wq, true, 0); }
void wake_up_all(struct wait_queue *wq) { wake_up_common(wq, false, 0); }
void wake_up_key(struct wait_queue *wq, unsigned int key) { wake_up_common(wq, true, key); }

void wake_up_key_locked(struct wait_queue *wq, unsigned int key)
{
	assert_spin_locked(&wq->lock);
	wake_up_locked(wq, true, key);
}

void mutex_init(struct mutex *m, const char *name)
{
	m->owner = NULL;
	m->name = name;
	wait_queue_init(&m->wq);
}

bool mutex_trylock(struct mutex *m)
{
	struct task *none = NULL;

	return __atomic_compare_exchange_n(&m->owner, &none, current, false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

void mutex_lock(struct mutex *m)
{
	struct waiter w = WAITER_INIT(w);

	might_sleep();
	if (mutex_trylock(m))
		return;
	if (m->owner == current)
		panic("mutex %s: recursive lock", m->name);
	for (;;) {
		prepare_to_wait(&m->wq, &w, TASK_UNINTERRUPTIBLE, true);
		if (mutex_trylock(m))
			break;
		schedule();
	}
	finish_wait(&m->wq, &w);
}

void mutex_unlock(struct mutex *m)
{
	if (m->owner != current)
		panic("mutex %s: unlocked by a task that does not hold it", m->name);
	__atomic_store_n(&m->owner, NULL, __ATOMIC_RELEASE);
	wake_up_one(&m->wq);
}

bool mutex_is_locked(struct mutex *m)
{
	return __atomic_load_n(&m->owner, __ATOMIC_RELAXED) != NULL;
}

void completion_init(struct completion *c)
{
	c->done = 0;
	wait_queue_init(&c->wq);
}

/*
 * The wake-up happens under the lock: a waiter may find done set without
 * sleeping and free the completion (often on its stack) as soon as it can
 * take the lock, so nothing may touch c after the unlock.
 */
void complete(struct completion *c)
{
	unsigned long flags = spin_lock_irqsave(&c->wq.lock);

	if (c->done != ~0U)
		c->done++;
	wake_up_locked(&c->wq, true, 0);
	spin_unlock_irqrestore(&c->wq.lock, flags);
}

void complete_all(struct completion *c)
{
	unsigned long flags = spin_lock_irqsave(&c->wq.lock);

	c->done = ~0U;
	wake_up_locked(&c->wq, false, 0);
	spin_unlock_irqrestore(&c->wq.lock, flags);
}

/* Take one completion if there is one. */
static bool completion_consume(struct completion *c)
{
	unsigned long flags = spin_lock_irqsave(&c->wq.lock);
	bool got = c->done != 0;

	if (got && c->done != ~0U)
		c->done--;
	spin_unlock_irqrestore(&c->wq.lock, flags);
	return got;
}

void wait_for_completion(struct completion *c)
{
	struct waiter w = WAITER_INIT(w);

	for (;;) {
		prepare_to_wait(&c->wq, &w, TASK_UNINTERRUPTIBLE, true);
		if (completion_consume(c))
			break;
		schedule();
	}
	finish_wait(&c->wq, &w);
}

bool wait_for_completion_timeout(struct completion *c, u64 ns)
{
	struct waiter w = WAITER_INIT(w);
	bool got;

	for (;;) {
		prepare_to_wait(&c->wq, &w, TASK_UNINTERRUPTIBLE, true);
		if ((got = completion_consume(c)) || !ns)
			break;
		ns = schedule_timeout(ns);
	}
	finish_wait(&c->wq, &w);
	return got;
}

bool completion_done(struct completion *c)
{
	return READ_ONCE(c->done) != 0;
}
