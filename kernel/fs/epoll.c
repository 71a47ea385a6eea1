/*
 * epoll: a set of (file, fd) entries, each watching its file through a
 * callback waiter on the queues the file's poll op registers. A wake-up on
 * such a queue puts the entry on the set's ready list and wakes the tasks
 * in epoll_wait; epoll_wait asks each ready entry's file again and reports
 * what holds. A level-triggered entry goes back on the list after being
 * reported (it is dropped at the next scan that finds it not ready), an
 * edge-triggered one waits for the next wake-up, a one-shot one is
 * disabled until EPOLL_CTL_MOD arms it again.
 *
 * An entry lives as long as the open file description (not the fd): the
 * last file_put of a watched file removes it from every set
 * (eventpoll_release). An epoll file can itself be watched (nested sets);
 * a set is readable when one of its entries is. Cycles are refused with
 * ELOOP, as are chains of more than EP_MAX_NESTS links.
 *
 * Locks, in this order:
 *   epoll_mutex (global)  every change to a set's entries or to a file's
 *                         epitems list, and the loop check;
 *   eventpoll.mtx         scans of the set (epoll_wait, the set's poll) and
 *                         changes to one entry; nests outer set -> inner;
 *   a watched file's wait-queue lock (the callbacks run under it) ->
 *   eventpoll.lock        (irq-saving) the ready list and entries' events ->
 *   eventpoll.wq.lock, and eventpoll.poll_wq.lock (the wake-ups it makes
 *                         reach outer sets' callbacks in turn).
 * No file's poll op is called with eventpoll.lock held.
 */
#include <kernel/file.h>
#include <kernel/syscall.h>
#include <kernel/proc.h>
#include <kernel/signal.h>
#include <core/clock.h>
#include <core/kmalloc.h>
#include <lib/rbtree.h>

#define EPOLL_CTL_ADD 1
#define EPOLL_CTL_DEL 2
#define EPOLL_CTL_MOD 3

#define EPOLLEXCLUSIVE (1U << 28)
#define EPOLLWAKEUP (1U << 29)
#define EPOLLONESHOT (1U << 30)
#define EPOLLET (1U << 31)
#define EPOLL_CLOEXEC O_CLOEXEC

/* Flags about the entry, not events: a one-shot entry keeps only these. */
#define EP_PRIVATE_BITS (EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)
/* What an EPOLLEXCLUSIVE entry may ask for (Linux's rule). */
#define EP_EXCLUSIVE_OK_BITS (POLLIN | POLLOUT | POLLERR | POLLHUP | EPOLLWAKEUP | EPOLLET | \
			      EPOLLEXCLUSIVE)
#define EP_MAX_NESTS 4
#define EP_MAX_EVENTS (0x7fffffff / (int)sizeof(struct epoll_event))

/* struct epoll_event as riscv64 (asm-generic) lays it out: not packed. */
struct epoll_event {
	u32 events;
	u64 data;
};

struct eventpoll {
	struct mutex mtx;
	spinlock_t lock;
	struct rb_root items;		/* [epoll_mutex and mtx to change; either to read] by (file, fd) */
	struct list_head ready;		/* [lock] epitem.rdlink */
	bool scanning;			/* [lock] a scan holds the ready entries */
	struct wait_queue wq;		/* tasks in epoll_wait (exclusive) */
	struct wait_queue poll_wq;	/* pollers of this set's own file */
	struct file *file;		/* [I] */
};

struct epitem;

/* One queue an entry's file registered, with the callback waiter on it. */
struct ep_hook {
	struct waiter w;
	struct wait_queue *wq;
	struct epitem *epi;
	struct ep_hook *next;
};

struct epitem {
	struct rb_node node;		/* in ep->items */
	struct list_head rdlink;	/* [ep->lock] on ep->ready or a scan's list; empty if neither */
	struct list_head file_link;	/* [epoll_mutex] in file->epitems */
	struct eventpoll *ep;		/* [I] */
	struct file *file;		/* [I] not referenced: file_put removes the entry first */
	int fd;				/* [I] */
	u32 events;			/* [ep->lock] asked for, with EPOLLERR | EPOLLHUP */
	u64 data;			/* [ep->mtx] */
	struct ep_hook *hooks;		/* [ep->mtx] */
};

static struct mutex epoll_mutex = MUTEX_INIT(epoll_mutex);
static const struct file_ops eventpoll_ops;

static bool is_epoll_file(struct file *f)
{
	return f->ops == &eventpoll_ops;
}

/* Order of the tree: by file, then fd. */
static int ep_cmp(struct file *f1, int fd1, struct file *f2, int fd2)
{
	if (f1 != f2)
		return (uptr_t)f1 < (uptr_t)f2 ? -1 : 1;
	return fd1 < fd2 ? -1 : fd1 > fd2;
}

static struct epitem *ep_find(struct eventpoll *ep, struct file *f, int fd)
{
	struct rb_node *n = ep->items.rb_node;

	while (n) {
		struct epitem *epi = rb_entry(n, struct epitem, node);
		int c = ep_cmp(f, fd, epi->file, epi->fd);

		if (!c)
			return epi;
		n = c < 0 ? n->rb_left : n->rb_right;
	}
	return NULL;
}

static void ep_link(struct eventpoll *ep, struct epitem *epi)
{
	struct rb_node **link = &ep->items.rb_node, *parent = NULL;

	while (*link) {
		struct epitem *cur = rb_entry(*link, struct epitem, node);

		parent = *link;
		link = ep_cmp(epi->file, epi->fd, cur->file, cur->fd) < 0 ? &parent->rb_left
									  : &parent->rb_right;
	}
	rb_link_node(&epi->node, parent, link);
	rb_insert_color(&epi->node, &ep->items);
}

/*
 * Put epi on the ready list unless it is on it (or on a scan's list), drop
 * ep->lock (held, taken with flags), and wake what waits on the set: one
 * task in epoll_wait, and the set's own pollers. The queues are looked at
 * under the lock: a waiter queues itself before it takes the lock to look
 * at the ready list, so either it sees epi or it is seen. Whether a task
 * was waiting in epoll_wait.
 */
static bool ep_ready_unlock(struct eventpoll *ep, struct epitem *epi, unsigned long flags)
{
	bool waiters = !list_empty(&ep->wq.waiters);
	bool pollers = !list_empty(&ep->poll_wq.waiters);

	if (list_empty(&epi->rdlink))
		list_add_tail(&epi->rdlink, &ep->ready);
	spin_unlock_irqrestore(&ep->lock, flags);
	if (waiters)
		wake_up_one(&ep->wq);
	if (pollers)
		file_wake_pollers(&ep->poll_wq, POLLIN | POLLRDNORM);
	return waiters;
}

/*
 * The callback on a watched file's queue: the entry may be ready. Runs
 * with that queue's lock held, interrupts off, maybe in an interrupt.
 */
static bool ep_poll_callback(struct waiter *w, unsigned int key)
{
	struct epitem *epi = container_of(w, struct ep_hook, w)->epi;
	struct eventpoll *ep = epi->ep;
	unsigned long flags = spin_lock_irqsave(&ep->lock);
	u32 events = epi->events;
	bool waiters;

	/* Disabled (a one-shot entry that fired), or not an event it watches. */
	if (!(events & ~EP_PRIVATE_BITS) || (key && !(key & events))) {
		spin_unlock_irqrestore(&ep->lock, flags);
		return false;
	}
	waiters = ep_ready_unlock(ep, epi, flags);
	/* An exclusive entry counts as woken only when someone was waiting. */
	return !(events & EPOLLEXCLUSIVE) || waiters;
}

struct ep_queue {
	struct poll_table pt;
	struct epitem *epi;
	int error;
};

/* The poll_table queue of epoll_ctl: hook the entry on wq. */
static void ep_queue_proc(struct poll_table *pt, struct wait_queue *wq)
{
	struct ep_queue *q = container_of(pt, struct ep_queue, pt);
	struct ep_hook *h = kmalloc(sizeof(*h));

	if (!h) {
		q->error = -ENOMEM;
		return;
	}
	h->w = (struct waiter)WAITER_INIT(h->w);
	h->w.func = ep_poll_callback;
	h->w.exclusive = q->epi->events & EPOLLEXCLUSIVE;
	h->wq = wq;
	h->epi = q->epi;
	h->next = q->epi->hooks;
	q->epi->hooks = h;
	wait_queue_add(wq, &h->w);
}

/* epi is ready: put it on the ready list and wake the set. */
static void ep_make_ready(struct eventpoll *ep, struct epitem *epi)
{
	ep_ready_unlock(ep, epi, spin_lock_irqsave(&ep->lock));
}

/*
 * Take epi out of ep and free it. epoll_mutex and ep->mtx held. Once its
 * hooks are off their queues no callback runs for it; the barrier makes
 * that visible before the file's list can be seen empty (eventpoll_release
 * reads it without the lock).
 */
static void ep_remove(struct eventpoll *ep, struct epitem *epi)
{
	unsigned long flags;

	while (epi->hooks) {
		struct ep_hook *h = epi->hooks;

		epi->hooks = h->next;
		wait_queue_remove(h->wq, &h->w);
		kfree(h);
	}
	flags = spin_lock_irqsave(&ep->lock);
	list_del_init(&epi->rdlink);
	spin_unlock_irqrestore(&ep->lock, flags);
	rb_erase(&epi->node, &ep->items);
	smp_mb();
	list_del(&epi->file_link);
	kfree(epi);
}

/* EPOLL_CTL_ADD. epoll_mutex and ep->mtx held; ev->events has ERR|HUP. */
static int ep_insert(struct eventpoll *ep, const struct epoll_event *ev, struct file *tf, int fd)
{
	struct epitem *epi = kzalloc(sizeof(*epi));
	struct ep_queue q;
	unsigned int revents;

	if (!epi)
		return -ENOMEM;
	INIT_LIST_HEAD(&epi->rdlink);
	epi->ep = ep;
	epi->file = tf;
	epi->fd = fd;
	epi->events = ev->events;
	epi->data = ev->data;
	ep_link(ep, epi);
	list_add_tail(&epi->file_link, &tf->epitems);

	q.pt.queue = ep_queue_proc;
	q.epi = epi;
	q.error = 0;
	revents = file_poll(tf, &q.pt);
	if (q.error) {
		ep_remove(ep, epi);
		return q.error;
	}
	if (revents & epi->events)
		ep_make_ready(ep, epi);
	return 0;
}

/* EPOLL_CTL_MOD. ep->mtx held; ev->events has ERR|HUP. */
static void ep_modify(struct eventpoll *ep, struct epitem *epi, const struct epoll_event *ev)
{
	unsigned long flags = spin_lock_irqsave(&ep->lock);

	epi->events = ev->events;
	spin_unlock_irqrestore(&ep->lock, flags);
	epi->data = ev->data;
	if (file_poll(epi->file, NULL) & ev->events)
		ep_make_ready(ep, epi);
}

/* Take the ready list for a scan. ep->mtx held. */
static void ep_scan_begin(struct eventpoll *ep, struct list_head *txlist)
{
	unsigned long flags = spin_lock_irqsave(&ep->lock);

	list_splice_init(&ep->ready, txlist);
	ep->scanning = true;
	spin_unlock_irqrestore(&ep->lock, flags);
}

/* Give back what the scan left, ahead of what came meanwhile; true when
 * entries are ready. ep->mtx held. */
static bool ep_scan_end(struct eventpoll *ep, struct list_head *txlist)
{
	unsigned long flags = spin_lock_irqsave(&ep->lock);
	bool ready;

	list_splice_init(txlist, &ep->ready);
	ep->scanning = false;
	ready = !list_empty(&ep->ready);
	spin_unlock_irqrestore(&ep->lock, flags);
	return ready;
}

/*
 * May entries be ready? The ready list may look empty only because another
 * thread's scan holds its entries for a moment (level-triggered ones go
 * back): then this caller must wait for that scan (ep->mtx) and look
 * again, or a zero timeout would miss an event that is there.
 */
static bool ep_maybe_ready(struct eventpoll *ep)
{
	unsigned long flags = spin_lock_irqsave(&ep->lock);
	bool maybe = !list_empty(&ep->ready) || ep->scanning;

	spin_unlock_irqrestore(&ep->lock, flags);
	return maybe;
}

/* The first entry of a scan's list, taken off it. ep->mtx held. */
static struct epitem *ep_scan_next(struct eventpoll *ep, struct list_head *txlist)
{
	unsigned long flags;
	struct epitem *epi;

	if (list_empty(txlist))
		return NULL;
	flags = spin_lock_irqsave(&ep->lock);
	epi = list_first_entry(txlist, struct epitem, rdlink);
	list_del_init(&epi->rdlink);
	spin_unlock_irqrestore(&ep->lock, flags);
	return epi;
}

/*
 * Report up to maxevents ready entries at uevents: their number, or -EFAULT
 * when the first cannot be written (it stays ready).
 */
static int ep_send_events(struct eventpoll *ep, uptr_t uevents, int maxevents)
{
	LIST_HEAD(txlist);
	struct epitem *epi;
	unsigned long flags;
	int n = 0;

	mutex_lock(&ep->mtx);
	ep_scan_begin(ep, &txlist);
	while (n < maxevents && (epi = ep_scan_next(ep, &txlist))) {
		struct epoll_event ev;

		ev.events = file_poll(epi->file, NULL) & epi->events;
		if (!ev.events)
			continue;	/* not ready after all: off the list */
		ev.data = epi->data;
		if (copy_to_user(uevents + (uptr_t)n * sizeof(ev), &ev, sizeof(ev))) {
			flags = spin_lock_irqsave(&ep->lock);
			if (list_empty(&epi->rdlink))
				list_add(&epi->rdlink, &txlist);
			spin_unlock_irqrestore(&ep->lock, flags);
			if (!n)
				n = -EFAULT;
			break;
		}
		n++;
		flags = spin_lock_irqsave(&ep->lock);
		if (epi->events & EPOLLONESHOT)
			epi->events &= EP_PRIVATE_BITS;
		else if (!(epi->events & EPOLLET) && list_empty(&epi->rdlink))
			list_add_tail(&epi->rdlink, &ep->ready);
		spin_unlock_irqrestore(&ep->lock, flags);
	}
	/* Others may wait for what is still ready (level-triggered entries). */
	if (ep_scan_end(ep, &txlist))
		wake_up_one(&ep->wq);
	mutex_unlock(&ep->mtx);
	return n;
}

/* Whether one of ep's ready entries is really ready; drops those that are
 * not. For the set's own poll, so may nest inside an outer set's scan. */
static bool ep_any_ready(struct eventpoll *ep)
{
	LIST_HEAD(txlist);
	struct epitem *epi;
	unsigned long flags;
	bool ready = false;

	mutex_lock(&ep->mtx);
	ep_scan_begin(ep, &txlist);
	while ((epi = ep_scan_next(ep, &txlist))) {
		if (file_poll(epi->file, NULL) & epi->events) {
			flags = spin_lock_irqsave(&ep->lock);
			if (list_empty(&epi->rdlink))
				list_add(&epi->rdlink, &txlist);
			spin_unlock_irqrestore(&ep->lock, flags);
			ready = true;
			break;
		}
	}
	ep_scan_end(ep, &txlist);
	mutex_unlock(&ep->mtx);
	return ready;
}

static unsigned int eventpoll_poll(struct file *f, struct poll_table *pt)
{
	struct eventpoll *ep = f->priv;

	poll_wait(pt, &ep->poll_wq);
	return ep_any_ready(ep) ? POLLIN | POLLRDNORM : 0;
}

/* The set's file is gone (its own entries in other sets went first). */
static void eventpoll_file_release(struct file *f)
{
	struct eventpoll *ep = f->priv;
	struct rb_node *n;

	mutex_lock(&epoll_mutex);
	mutex_lock(&ep->mtx);
	while ((n = rb_first(&ep->items)))
		ep_remove(ep, rb_entry(n, struct epitem, node));
	mutex_unlock(&ep->mtx);
	mutex_unlock(&epoll_mutex);
	kfree(ep);
}

static const struct file_ops eventpoll_ops = {
	.poll = eventpoll_poll,
	.release = eventpoll_file_release,
};

void eventpoll_release(struct file *f)
{
	/*
	 * No reference is left, so no entry can be added; one removed
	 * meanwhile has finished with f when the list looks empty (the
	 * barrier pairs with ep_remove's).
	 */
	if (list_empty(&f->epitems)) {
		smp_mb();
		return;
	}
	mutex_lock(&epoll_mutex);
	while (!list_empty(&f->epitems)) {
		struct epitem *epi = list_first_entry(&f->epitems, struct epitem, file_link);
		struct eventpoll *ep = epi->ep;

		mutex_lock(&ep->mtx);
		ep_remove(ep, epi);
		mutex_unlock(&ep->mtx);
	}
	mutex_unlock(&epoll_mutex);
}

/*
 * Depth of the chain of sets below ep (0: it holds no set), stopping
 * beyond EP_MAX_NESTS; EP_MAX_NESTS + 1 if `target` is found below.
 * epoll_mutex held.
 */
static int ep_depth_below(struct eventpoll *ep, struct eventpoll *target, int depth)
{
	int result = 0;

	for (struct rb_node *n = rb_first(&ep->items); n; n = rb_next(n)) {
		struct epitem *epi = rb_entry(n, struct epitem, node);
		struct eventpoll *sub;

		if (!is_epoll_file(epi->file))
			continue;
		sub = epi->file->priv;
		if (sub == target || depth >= EP_MAX_NESTS)
			return EP_MAX_NESTS + 1;
		result = MAX(result, ep_depth_below(sub, target, depth + 1) + 1);
		if (result > EP_MAX_NESTS)
			break;
	}
	return result;
}

/* Depth of the chain of sets above ep (that watch it). epoll_mutex held. */
static int ep_depth_above(struct eventpoll *ep, int depth)
{
	struct epitem *epi;
	int result = 0;

	if (depth > EP_MAX_NESTS)
		return EP_MAX_NESTS + 1;
	list_for_each_entry(epi, &ep->file->epitems, file_link)
		result = MAX(result, ep_depth_above(epi->ep, depth + 1) + 1);
	return result;
}

/* Adding set `to` to set ep would make a cycle or too deep a chain. */
static bool ep_loop_check(struct eventpoll *ep, struct eventpoll *to)
{
	int below = ep_depth_below(to, ep, 0);

	if (below > EP_MAX_NESTS)
		return true;
	return below + 1 + ep_depth_above(ep, 0) > EP_MAX_NESTS;
}

SYSCALL_DEFINE1(epoll_create1, int, flags)
{
	struct eventpoll *ep;
	struct file *f;
	int fd;

	if (flags & ~EPOLL_CLOEXEC)
		return -EINVAL;
	ep = kzalloc(sizeof(*ep));
	if (!ep)
		return -ENOMEM;
	mutex_init(&ep->mtx, "eventpoll.mtx");
	spin_lock_init(&ep->lock, "eventpoll.lock");
	ep->items = RB_ROOT;
	INIT_LIST_HEAD(&ep->ready);
	wait_queue_init(&ep->wq);
	wait_queue_init(&ep->poll_wq);
	f = file_alloc(&eventpoll_ops, ep, O_RDWR);
	if (!f) {
		kfree(ep);
		return -ENOMEM;
	}
	ep->file = f;
	fd = fd_install(current_process()->files, f, 0, flags & EPOLL_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}

/* The checks of epoll_ctl that need no lock, in Linux's order. */
static int ep_ctl_check(int op, struct epoll_event *ev, struct file *f, struct file *tf)
{
	if (!tf->ops->poll)
		return -EPERM;
	if (f == tf || !is_epoll_file(f))
		return -EINVAL;
	if (op != EPOLL_CTL_DEL && (ev->events & EPOLLEXCLUSIVE)) {
		if (op == EPOLL_CTL_MOD)
			return -EINVAL;
		if (op == EPOLL_CTL_ADD &&
		    (is_epoll_file(tf) || (ev->events & ~EP_EXCLUSIVE_OK_BITS)))
			return -EINVAL;
	}
	return 0;
}

SYSCALL_DEFINE4(epoll_ctl, int, epfd, int, op, int, fd, uptr_t, uevent)
{
	struct files *files = current_process()->files;
	struct epoll_event ev = { 0, 0 };
	struct file *f, *tf = NULL;
	struct eventpoll *ep;
	struct epitem *epi;
	long ret;

	if (op != EPOLL_CTL_DEL && copy_from_user(&ev, uevent, sizeof(ev)))
		return -EFAULT;
	f = fd_get(files, epfd);
	if (!f)
		return -EBADF;
	tf = fd_get(files, fd);
	ret = tf ? ep_ctl_check(op, &ev, f, tf) : -EBADF;
	if (ret)
		goto out;
	ep = f->priv;
	ev.events |= POLLERR | POLLHUP;

	mutex_lock(&epoll_mutex);
	mutex_lock(&ep->mtx);
	epi = ep_find(ep, tf, fd);
	switch (op) {
	case EPOLL_CTL_ADD:
		if (epi)
			ret = -EEXIST;
		else if (is_epoll_file(tf) && ep_loop_check(ep, tf->priv))
			ret = -ELOOP;
		else
			ret = ep_insert(ep, &ev, tf, fd);
		break;
	case EPOLL_CTL_DEL:
		if (epi)
			ep_remove(ep, epi);
		else
			ret = -ENOENT;
		break;
	case EPOLL_CTL_MOD:
		if (!epi)
			ret = -ENOENT;
		else if (epi->events & EPOLLEXCLUSIVE)
			ret = -EINVAL;
		else
			ep_modify(ep, epi, &ev);
		break;
	default:
		ret = -EINVAL;
	}
	mutex_unlock(&ep->mtx);
	mutex_unlock(&epoll_mutex);
out:
	/* After the locks: a last put may need epoll_mutex. */
	if (tf)
		file_put(tf);
	file_put(f);
	return ret;
}

/*
 * Wait for events of the set epfd until the timeout (NULL deadline:
 * forever). The number reported, 0 on a timeout, -EINTR on a signal
 * (epoll_wait is never restarted).
 */
static long ep_wait(int epfd, uptr_t uevents, int maxevents, const u64 *deadline)
{
	struct waiter w = WAITER_INIT(w);
	struct eventpoll *ep;
	struct file *f;
	long ret;

	if (maxevents <= 0 || maxevents > EP_MAX_EVENTS)
		return -EINVAL;
	if (!user_range_ok(uevents, (size_t)maxevents * sizeof(struct epoll_event)))
		return -EFAULT;
	f = fd_get(current_process()->files, epfd);
	if (!f)
		return -EBADF;
	if (!is_epoll_file(f)) {
		file_put(f);
		return -EINVAL;
	}
	ep = f->priv;
	for (;;) {
		unsigned long flags;
		u64 now;
		bool empty;

		if (ep_maybe_ready(ep)) {
			ret = ep_send_events(ep, uevents, maxevents);
			if (ret)
				break;
		}
		now = clock_ns();
		ret = 0;
		if (deadline && now >= *deadline)
			break;
		if (signal_pending()) {
			ret = -EINTR;
			break;
		}
		prepare_to_wait(&ep->wq, &w, TASK_INTERRUPTIBLE, true);
		flags = spin_lock_irqsave(&ep->lock);
		empty = list_empty(&ep->ready);
		spin_unlock_irqrestore(&ep->lock, flags);
		if (empty) {
			if (deadline)
				schedule_timeout(*deadline - now);
			else
				schedule();
		}
		finish_wait(&ep->wq, &w);
	}
	file_put(f);
	return ret;
}

/* epoll_wait with epoll_pwait's signal mask, blocked while it waits. */
static long ep_pwait(int epfd, uptr_t uevents, int maxevents, const u64 *deadline,
		     uptr_t usigmask, size_t sigsetsize)
{
	u64 mask;
	long ret = poll_sigmask_get(usigmask, sigsetsize, &mask);

	if (ret)
		return ret;
	if (usigmask)
		signal_set_temp_mask(mask);
	ret = ep_wait(epfd, uevents, maxevents, deadline);
	/* Interrupted: the temporary mask stays until the handler has run. */
	if (usigmask && ret != -EINTR)
		signal_restore_temp_mask();
	return ret;
}

SYSCALL_DEFINE6(epoll_pwait, int, epfd, uptr_t, uevents, int, maxevents, int, timeout,
		uptr_t, usigmask, size_t, sigsetsize)
{
	u64 deadline = clock_ns() + (u64)timeout * (NSEC_PER_SEC / 1000);

	return ep_pwait(epfd, uevents, maxevents, timeout < 0 ? NULL : &deadline, usigmask,
			sigsetsize);
}

SYSCALL_DEFINE6(epoll_pwait2, int, epfd, uptr_t, uevents, int, maxevents, uptr_t, utimeout,
		uptr_t, usigmask, size_t, sigsetsize)
{
	struct poll_timeout to;
	long ret = poll_timeout_get(&to, utimeout);

	if (ret)
		return ret;
	return ep_pwait(epfd, uevents, maxevents, to.forever ? NULL : &to.deadline, usigmask,
			sigsetsize);
}
