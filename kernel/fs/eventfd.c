/*
 * eventfd: a 64-bit counter behind a file. A write of n adds n (blocking
 * while the sum would pass 0xfffffffffffffffe); a read takes the whole
 * count, or 1 in semaphore mode (blocking while it is 0). Readers, writers
 * and pollers share one wait queue, woken with the event that became true.
 *
 * Lock: eventfd.wq.lock (irq-saving) guards count.
 */
#include <kernel/file.h>
#include <kernel/syscall.h>
#include <kernel/proc.h>
#include <kernel/signal.h>
#include <core/kmalloc.h>

#define EFD_SEMAPHORE 1
#define EFD_NONBLOCK O_NONBLOCK
#define EFD_CLOEXEC O_CLOEXEC
#define EFD_MAX 0xfffffffffffffffeULL	/* the largest count */

struct eventfd {
	struct wait_queue wq;
	u64 count;		/* [wq.lock] to change; poll reads it without */
	bool semaphore;		/* [I] */
};

/*
 * Wait on e->wq until ok(e, arg) holds, then, still under the lock, run
 * take(e, arg) and wake the queue with key. 0, -EAGAIN for a non-blocking
 * file, -ERESTARTSYS on a signal (restarted under SA_RESTART, as Linux
 * does for eventfds).
 */
static int eventfd_wait_then(struct file *f, bool (*ok)(struct eventfd *, u64 *),
			     void (*take)(struct eventfd *, u64 *), u64 *arg, unsigned int key)
{
	struct eventfd *e = f->priv;
	struct waiter w = WAITER_INIT(w);
	bool queued = false;
	unsigned long flags;
	int ret = 0;

	for (;;) {
		flags = spin_lock_irqsave(&e->wq.lock);
		if (ok(e, arg)) {
			take(e, arg);
			file_wake_pollers_locked(&e->wq, key);
			spin_unlock_irqrestore(&e->wq.lock, flags);
			break;
		}
		spin_unlock_irqrestore(&e->wq.lock, flags);
		if (f->flags & O_NONBLOCK) {
			ret = -EAGAIN;
			break;
		}
		if (signal_pending()) {
			ret = -ERESTARTSYS;
			break;
		}
		/* Queued before the test that let us sleep: no wake-up is lost. */
		if (queued)
			schedule();
		prepare_to_wait(&e->wq, &w, TASK_INTERRUPTIBLE, false);
		queued = true;
	}
	if (queued)
		finish_wait(&e->wq, &w);
	return ret;
}

static bool eventfd_readable(struct eventfd *e, u64 *v)
{
	(void)v;
	return e->count != 0;
}

static void eventfd_take(struct eventfd *e, u64 *v)
{
	*v = e->semaphore ? 1 : e->count;
	e->count -= *v;
}

static bool eventfd_has_room(struct eventfd *e, u64 *v)
{
	return EFD_MAX - e->count >= *v;
}

static void eventfd_add(struct eventfd *e, u64 *v)
{
	e->count += *v;
}

/* read and write: 8 bytes taken from or added to the count. */
static ssize_t eventfd_io(struct file *f, uptr_t buf, size_t n, bool write)
{
	u64 v;
	int ret;

	if (n < sizeof(v))
		return -EINVAL;
	if (write) {
		if (copy_from_user(&v, buf, sizeof(v)))
			return -EFAULT;
		if (v == ~0ULL)
			return -EINVAL;
	}
	ret = write ? eventfd_wait_then(f, eventfd_has_room, eventfd_add, &v, POLLIN | POLLRDNORM)
		    : eventfd_wait_then(f, eventfd_readable, eventfd_take, &v, POLLOUT | POLLWRNORM);
	if (ret)
		return ret;
	/* As on Linux, a read consumes the count even if the copy then fails. */
	if (!write && copy_to_user(buf, &v, sizeof(v)))
		return -EFAULT;
	return sizeof(v);
}

static ssize_t eventfd_read(struct file *f, uptr_t buf, size_t n, u64 *pos)
{
	(void)pos;
	return eventfd_io(f, buf, n, false);
}

static ssize_t eventfd_write(struct file *f, uptr_t buf, size_t n, u64 *pos)
{
	(void)pos;
	return eventfd_io(f, buf, n, true);
}

static unsigned int eventfd_poll(struct file *f, struct poll_table *pt)
{
	struct eventfd *e = f->priv;
	unsigned int mask = 0;
	u64 count;

	poll_wait(pt, &e->wq);
	count = READ_ONCE(e->count);	/* one aligned word: no lock needed to look */
	if (count)
		mask |= POLLIN | POLLRDNORM;
	if (count == ~0ULL)
		mask |= POLLERR;	/* only a kernel-side overflow gets here, as on Linux */
	if (count < EFD_MAX)
		mask |= POLLOUT | POLLWRNORM;
	return mask;
}

static void eventfd_release(struct file *f)
{
	kfree(f->priv);
}

static const struct file_ops eventfd_ops = {
	.read = eventfd_read,
	.write = eventfd_write,
	.poll = eventfd_poll,
	.release = eventfd_release,
};

SYSCALL_DEFINE2(eventfd2, unsigned int, initval, int, flags)
{
	struct eventfd *e;
	struct file *f;
	int fd;

	if (flags & ~(EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC))
		return -EINVAL;
	e = kzalloc(sizeof(*e));
	if (!e)
		return -ENOMEM;
	wait_queue_init(&e->wq);
	e->count = initval;
	e->semaphore = flags & EFD_SEMAPHORE;
	f = file_alloc(&eventfd_ops, e, O_RDWR | (flags & EFD_NONBLOCK));
	if (!f) {
		kfree(e);
		return -ENOMEM;
	}
	fd = fd_install(current_process()->files, f, 0, flags & EFD_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}
