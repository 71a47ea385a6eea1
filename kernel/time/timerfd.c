/*
 * timerfd: a timer read through a file descriptor. read() returns the
 * number of expiries since the last read (8 bytes), blocking until there
 * is one; poll reports POLLIN once there is. Timers run on REALTIME,
 * MONOTONIC or BOOTTIME (the _ALARM variants for root, without waking a
 * suspended system, which Mica never is).
 *
 * Lock: timerfd.lock (irq-saving) guards the timer and the count; the
 * expiry callback takes it. cancel_lock guards the list of timers that
 * TFD_TIMER_CANCEL_ON_SET asks to cancel when the wall clock is set.
 */
#include <kernel/time.h>
#include <kernel/proc.h>
#include <kernel/signal.h>
#include <kernel/syscall.h>
#include <core/kmalloc.h>
#include <mica/err.h>

#define TFD_TIMER_ABSTIME 1
#define TFD_TIMER_CANCEL_ON_SET 2
#define TFD_CLOEXEC O_CLOEXEC
#define TFD_NONBLOCK O_NONBLOCK
#define ECANCELED 125

struct timerfd {
	spinlock_t lock;
	struct ktimer kt;
	int clock;			/* [I] */
	u64 ticks;			/* expiries not yet read */
	bool cancel_on_set;		/* armed with TFD_TIMER_CANCEL_ON_SET */
	bool canceled;			/* the wall clock was set meanwhile */
	struct list_head cancel_link;	/* [cancel_lock] while cancel_on_set */
	struct wait_queue wq;		/* readers and pollers */
};

static DEFINE_SPINLOCK(cancel_lock);
static LIST_HEAD(cancel_list);

static void timerfd_fire(struct timer *timer)
{
	struct timerfd *tfd = container_of(timer, struct timerfd, kt.timer);
	unsigned long flags = spin_lock_irqsave(&tfd->lock);
	u64 n = ktimer_expired(&tfd->kt);

	tfd->ticks += n;
	spin_unlock_irqrestore(&tfd->lock, flags);
	if (n)
		wake_up_all(&tfd->wq);
}

void timerfd_clock_was_set(void)
{
	unsigned long flags = spin_lock_irqsave(&cancel_lock);
	struct timerfd *tfd;

	list_for_each_entry(tfd, &cancel_list, cancel_link) {
		spin_lock(&tfd->lock);
		tfd->canceled = true;
		spin_unlock(&tfd->lock);
		wake_up_all(&tfd->wq);
	}
	spin_unlock_irqrestore(&cancel_lock, flags);
}

/* Expiries ready now (the count, or the ones a late callback has not
 * counted yet). tfd->lock held. */
static u64 ticks_locked(struct timerfd *tfd)
{
	if (tfd->kt.expires && clock_ns() >= tfd->kt.expires)
		tfd->ticks += ktimer_expired(&tfd->kt);
	return tfd->ticks;
}

static ssize_t timerfd_read(struct file *f, uptr_t buf, size_t n, u64 *pos)
{
	struct timerfd *tfd = f->priv;
	struct waiter w = WAITER_INIT(w);
	unsigned long flags;
	ssize_t ret;
	u64 ticks;

	(void)pos;
	if (n < sizeof(u64))
		return -EINVAL;
	for (;;) {
		prepare_to_wait(&tfd->wq, &w, TASK_INTERRUPTIBLE, false);
		flags = spin_lock_irqsave(&tfd->lock);
		if (tfd->canceled) {
			tfd->canceled = false;
			tfd->ticks = 0;
			spin_unlock_irqrestore(&tfd->lock, flags);
			ret = -ECANCELED;
			break;
		}
		ticks = ticks_locked(tfd);
		tfd->ticks = 0;
		spin_unlock_irqrestore(&tfd->lock, flags);
		if (ticks) {
			ret = 0;
			break;
		}
		if (f->flags & O_NONBLOCK) {
			ret = -EAGAIN;
			break;
		}
		if (signal_pending()) {
			ret = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	finish_wait(&tfd->wq, &w);
	if (ret)
		return ret;
	if (copy_to_user(buf, &ticks, sizeof(ticks))) {
		/* Not consumed after all: give the count back. */
		flags = spin_lock_irqsave(&tfd->lock);
		tfd->ticks += ticks;
		spin_unlock_irqrestore(&tfd->lock, flags);
		return -EFAULT;
	}
	return sizeof(ticks);
}

static unsigned int timerfd_poll(struct file *f, struct poll_table *pt)
{
	struct timerfd *tfd = f->priv;
	unsigned long flags;
	unsigned int mask;

	poll_wait(pt, &tfd->wq);
	flags = spin_lock_irqsave(&tfd->lock);
	mask = ticks_locked(tfd) || tfd->canceled ? POLLIN | POLLRDNORM : 0;
	spin_unlock_irqrestore(&tfd->lock, flags);
	return mask;
}

static void cancel_list_update(struct timerfd *tfd, bool on)
{
	list_membership_set(&cancel_lock, &tfd->cancel_link, &cancel_list, on);
}

static void timerfd_release(struct file *f)
{
	struct timerfd *tfd = f->priv;
	unsigned long flags = spin_lock_irqsave(&tfd->lock);

	ktimer_start(&tfd->kt, 0, 0);
	spin_unlock_irqrestore(&tfd->lock, flags);
	timer_cancel_sync(&tfd->kt.timer);
	cancel_list_update(tfd, false);
	kfree(tfd);
}

static const struct file_ops timerfd_ops = {
	.read = timerfd_read,
	.poll = timerfd_poll,
	.release = timerfd_release,
};

SYSCALL_DEFINE2(timerfd_create, int, clock, int, flags)
{
	struct timerfd *tfd;
	struct file *f;
	int fd;

	if (flags & ~(TFD_CLOEXEC | TFD_NONBLOCK))
		return -EINVAL;
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC && clock != CLOCK_BOOTTIME &&
	    clock != CLOCK_REALTIME_ALARM && clock != CLOCK_BOOTTIME_ALARM)
		return -EINVAL;
	if ((clock == CLOCK_REALTIME_ALARM || clock == CLOCK_BOOTTIME_ALARM) && !capable_root())
		return -EPERM;	/* CAP_WAKE_ALARM */
	tfd = kzalloc(sizeof(*tfd));
	if (!tfd)
		return -ENOMEM;
	spin_lock_init(&tfd->lock, "timerfd.lock");
	ktimer_init(&tfd->kt, timerfd_fire);
	wait_queue_init(&tfd->wq);
	INIT_LIST_HEAD(&tfd->cancel_link);
	tfd->clock = clock == CLOCK_REALTIME_ALARM ? CLOCK_REALTIME :
		     clock == CLOCK_BOOTTIME_ALARM ? CLOCK_BOOTTIME : clock;
	f = file_alloc(&timerfd_ops, tfd, O_RDWR | (flags & TFD_NONBLOCK));
	if (!f) {
		kfree(tfd);
		return -ENOMEM;
	}
	fd = fd_install(current_process()->files, f, 0, flags & TFD_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}

/* The timerfd behind fd with a file reference, or an ERR_PTR. */
static struct file *timerfd_get(int fd)
{
	struct file *f = fd_get(current_process()->files, fd);

	if (!f)
		return ERR_PTR(-EBADF);
	if (f->ops != &timerfd_ops) {
		file_put(f);
		return ERR_PTR(-EINVAL);
	}
	return f;
}

SYSCALL_DEFINE4(timerfd_settime, int, fd, int, flags, uptr_t, unew, uptr_t, uold)
{
	bool abs = flags & TFD_TIMER_ABSTIME;
	u64 value, interval, oval, oint;
	struct timerfd *tfd;
	unsigned long irq;
	struct file *f;
	int err;

	if (flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET))
		return -EINVAL;
	err = itimerspec_get_user(unew, &value, &interval);
	if (err)
		return err;
	f = timerfd_get(fd);
	if (IS_ERR(f))
		return PTR_ERR(f);
	tfd = f->priv;
	irq = spin_lock_irqsave(&tfd->lock);
	ticks_locked(tfd);
	oval = ktimer_remaining(&tfd->kt);
	oint = tfd->kt.interval;
	tfd->ticks = 0;
	tfd->canceled = false;
	tfd->cancel_on_set = value && tfd->clock == CLOCK_REALTIME &&
			     (flags & (TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)) ==
			     (TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET);
	if (abs && value)
		ktimer_start_abs(&tfd->kt, tfd->clock, value, interval);
	else
		ktimer_start(&tfd->kt, value ? clock_ns() + value : 0, interval);
	spin_unlock_irqrestore(&tfd->lock, irq);
	cancel_list_update(tfd, tfd->cancel_on_set);
	file_put(f);
	return uold ? itimerspec_put_user(uold, oval, oint) : 0;
}

SYSCALL_DEFINE2(timerfd_gettime, int, fd, uptr_t, ucur)
{
	struct timerfd *tfd;
	unsigned long irq;
	struct file *f = timerfd_get(fd);
	u64 value, interval;

	if (IS_ERR(f))
		return PTR_ERR(f);
	tfd = f->priv;
	irq = spin_lock_irqsave(&tfd->lock);
	ticks_locked(tfd);
	value = ktimer_remaining(&tfd->kt);
	interval = tfd->kt.interval;
	spin_unlock_irqrestore(&tfd->lock, irq);
	file_put(f);
	return itimerspec_put_user(ucur, value, interval);
}
