/*
 * ppoll: wait until one of several files is ready. Each file's poll hook
 * reports readiness and registers the wait queues that will signal a
 * change; the caller sleeps on all of them at once, so an event between
 * the check and the sleep only makes the sleep end at once.
 */
#include <kernel/syscall.h>
#include <kernel/signal.h>
#include <kernel/proc.h>
#include <core/clock.h>
#include <core/kmalloc.h>

#define POLL_MAX_FDS 1024
#define POLL_MAX_QUEUES 64

struct poll_table {
	int n;
	struct {
		struct wait_queue *wq;
		struct waiter w;
	} q[POLL_MAX_QUEUES];
};

struct kpollfd {
	int fd;
	short events, revents;
};

void poll_wait(struct poll_table *pt, struct wait_queue *wq)
{
	if (!pt || pt->n == POLL_MAX_QUEUES)
		return;	/* beyond this many queues the timeout still ends the wait */
	for (int i = 0; i < pt->n; i++)
		if (pt->q[i].wq == wq)
			return;
	pt->q[pt->n].wq = wq;
	pt->q[pt->n].w = (struct waiter)WAITER_INIT(pt->q[pt->n].w);
	prepare_to_wait(wq, &pt->q[pt->n].w, TASK_INTERRUPTIBLE, false);
	pt->n++;
}

static void poll_done(struct poll_table *pt)
{
	for (int i = 0; i < pt->n; i++)
		finish_wait(pt->q[i].wq, &pt->q[i].w);
	pt->n = 0;
}

/* Fill revents; the number of descriptors with events. */
static int poll_once(struct kpollfd *fds, unsigned int nfds, struct poll_table *pt)
{
	int ready = 0;

	for (unsigned int i = 0; i < nfds; i++) {
		struct file *f;
		unsigned int mask;

		fds[i].revents = 0;
		if (fds[i].fd < 0)
			continue;
		f = fd_get(current_process()->files, fds[i].fd);
		if (!f) {
			fds[i].revents = POLLNVAL;
			ready++;
			continue;
		}
		/* Files without a poll hook (regular files) are always ready. */
		mask = f->ops->poll ? f->ops->poll(f, pt) : POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
		file_put(f);
		fds[i].revents = mask & ((u16)fds[i].events | POLLERR | POLLHUP);
		if (fds[i].revents)
			ready++;
	}
	return ready;
}

SYSCALL_DEFINE5(ppoll, uptr_t, ufds, unsigned int, nfds, uptr_t, utimeout, uptr_t, sigmask,
		size_t, sigsetsize)
{
	struct poll_table *pt;
	struct kpollfd *fds;
	struct { s64 sec; long nsec; } ts;
	u64 deadline = 0;
	bool forever = !utimeout;
	int ready;

	sigset_t mask;

	if (nfds > POLL_MAX_FDS)
		return -EINVAL;
	if (sigmask && sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (sigmask && copy_from_user(&mask, sigmask, sizeof(mask)))
		return -EFAULT;
	if (utimeout) {
		if (copy_from_user(&ts, utimeout, sizeof(ts)))
			return -EFAULT;
		if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= (long)NSEC_PER_SEC)
			return -EINVAL;
		deadline = clock_ns() + (u64)ts.sec * NSEC_PER_SEC + ts.nsec;
	}
	fds = kmalloc(MAX(nfds, 1U) * sizeof(*fds));
	pt = kmalloc(sizeof(*pt));
	if (!fds || !pt) {
		kfree(fds);
		kfree(pt);
		return -ENOMEM;
	}
	if (copy_from_user(fds, ufds, nfds * sizeof(*fds))) {
		kfree(fds);
		kfree(pt);
		return -EFAULT;
	}
	pt->n = 0;
	if (sigmask)
		signal_set_temp_mask(mask);
	for (;;) {
		u64 now;

		ready = poll_once(fds, nfds, pt);
		now = clock_ns();
		if (ready || (!forever && now >= deadline))
			break;
		if (signal_pending()) {
			ready = -ERESTARTNOHAND;	/* EINTR; ppoll is never restarted */
			break;
		}
		/* Nothing to wait on: just the timeout (or, without one, forever). */
		if (!pt->n)
			set_current_state(TASK_INTERRUPTIBLE);
		if (forever)
			schedule();
		else
			schedule_timeout(deadline - now);
		poll_done(pt);
	}
	poll_done(pt);
	/* Interrupted: the temporary mask stays until the handler has run. */
	if (ready != -ERESTARTNOHAND)
		signal_restore_temp_mask();
	if (ready >= 0 && copy_to_user(ufds, fds, nfds * sizeof(*fds)))
		ready = -EFAULT;
	kfree(fds);
	kfree(pt);
	return ready;
}
