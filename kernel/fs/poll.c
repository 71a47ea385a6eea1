/*
 * poll and select's waiting (include/kernel/poll.h), and ppoll.
 *
 * A scan asks each file's poll op for its readiness. The first scan also
 * hooks a callback waiter on every queue the files register; a wake-up on
 * any of them sets `triggered` and wakes the caller, who scans again. The
 * caller announces its sleep before testing `triggered` and the waker sets
 * it before waking, so an event between a scan and the sleep only makes
 * the sleep end at once. Each hook holds a reference to its file, so the
 * queue it sits on outlives it.
 */
#include <kernel/syscall.h>
#include <kernel/proc.h>
#include <kernel/signal.h>
#include <core/clock.h>
#include <core/kmalloc.h>

#define POLL_MAX_FDS NR_OPEN_DEFAULT

struct poll_hook {
	struct waiter w;
	struct wait_queue *wq;
	struct file *file;		/* referenced while hooked */
	struct poll_wqueues *pw;
};

#define POLL_HOOKS_PER_CHUNK 31

struct poll_chunk {
	struct poll_chunk *next;
	int n;
	struct poll_hook hooks[POLL_HOOKS_PER_CHUNK];
};

unsigned int file_poll(struct file *f, struct poll_table *pt)
{
	return f->ops->poll ? f->ops->poll(f, pt) : DEFAULT_POLLMASK;
}

int poll_sigmask_get(uptr_t umask, size_t size, u64 *mask)
{
	if (!umask)
		return 0;
	if (size != sizeof(*mask))
		return -EINVAL;
	return copy_from_user(mask, umask, sizeof(*mask)) ? -EFAULT : 0;
}

/* A wake-up on a hooked queue: the waiting task scans again. Any context. */
static bool poll_hook_wake(struct waiter *w, unsigned int key)
{
	struct poll_hook *h = container_of(w, struct poll_hook, w);

	(void)key;	/* a spurious scan costs little; Linux filters, to the same effect */
	__atomic_store_n(&h->pw->triggered, true, __ATOMIC_RELEASE);
	wake_up_process(h->pw->task);
	return true;
}

static void poll_queue(struct poll_table *pt, struct wait_queue *wq)
{
	struct poll_wqueues *pw = container_of(pt, struct poll_wqueues, pt);
	struct poll_chunk *c = pw->chunks;
	struct poll_hook *h;

	if (!c || c->n == POLL_HOOKS_PER_CHUNK) {
		c = kmalloc(sizeof(*c));
		if (!c) {
			pw->error = -ENOMEM;
			return;
		}
		c->n = 0;
		c->next = pw->chunks;
		pw->chunks = c;
	}
	h = &c->hooks[c->n++];
	h->w = (struct waiter)WAITER_INIT(h->w);
	h->w.func = poll_hook_wake;
	h->wq = wq;
	h->file = pw->cur;
	h->pw = pw;
	file_get(h->file);
	wait_queue_add(wq, &h->w);
}

void poll_wqueues_init(struct poll_wqueues *pw)
{
	pw->pt.queue = poll_queue;
	pw->task = current;
	pw->triggered = false;
	pw->error = 0;
	pw->cur = NULL;
	pw->chunks = NULL;
}

void poll_wqueues_free(struct poll_wqueues *pw)
{
	struct poll_chunk *c, *next;

	for (c = pw->chunks; c; c = next) {
		next = c->next;
		for (int i = 0; i < c->n; i++) {
			wait_queue_remove(c->hooks[i].wq, &c->hooks[i].w);
			file_put(c->hooks[i].file);
		}
		kfree(c);
	}
	pw->chunks = NULL;
}

unsigned int poll_wqueues_poll(struct poll_wqueues *pw, struct file *f, bool hook)
{
	pw->cur = f;
	return file_poll(f, hook ? &pw->pt : NULL);
}

bool poll_wqueues_sleep(struct poll_wqueues *pw, const struct poll_timeout *to)
{
	bool more = true;

	set_current_state(TASK_INTERRUPTIBLE);
	if (!__atomic_load_n(&pw->triggered, __ATOMIC_ACQUIRE)) {
		if (to->forever) {
			schedule();
		} else {
			u64 now = clock_ns();

			if (now >= to->deadline)
				more = false;
			else
				schedule_timeout(to->deadline - now);
		}
	}
	set_current_state(TASK_RUNNING);
	__atomic_store_n(&pw->triggered, false, __ATOMIC_RELAXED);
	return more;
}

long poll_wait_loop(const struct poll_timeout *to,
		    int (*scan)(void *arg, struct poll_wqueues *pw, bool hook), void *arg)
{
	struct poll_wqueues pw;
	long ret;

	poll_wqueues_init(&pw);
	for (bool first = true;; first = false) {
		ret = scan(arg, &pw, first);
		if (ret)
			break;
		if (pw.error) {
			ret = pw.error;
			break;
		}
		if (signal_pending()) {
			ret = -ERESTARTNOHAND;
			break;
		}
		if (!poll_wqueues_sleep(&pw, to))
			break;
	}
	poll_wqueues_free(&pw);
	return ret;
}

int poll_timeout_get(struct poll_timeout *to, uptr_t uts)
{
	struct { s64 sec; long nsec; } ts;

	to->uts = uts;
	to->forever = !uts;
	to->zero = false;
	to->deadline = 0;
	if (!uts)
		return 0;
	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= (long)NSEC_PER_SEC)
		return -EINVAL;
	to->zero = !ts.sec && !ts.nsec;
	/* Far enough to be forever, without overflowing the deadline. */
	if ((u64)ts.sec >= (~0ULL >> 1) / NSEC_PER_SEC)
		to->forever = true;
	else
		to->deadline = clock_ns() + (u64)ts.sec * NSEC_PER_SEC + (u64)ts.nsec;
	return 0;
}

long poll_timeout_finish(const struct poll_timeout *to, long ret)
{
	struct { s64 sec; long nsec; } ts = { 0, 0 };
	u64 now;

	/* No timeout, a zero one, or one too long to count down: left as is. */
	if (!to->uts || to->zero || to->forever)
		return ret;
	now = clock_ns();
	if (now < to->deadline) {
		ts.sec = (s64)((to->deadline - now) / NSEC_PER_SEC);
		ts.nsec = (long)((to->deadline - now) % NSEC_PER_SEC);
	}
	/* A read-only timespec keeps the result but cannot be restarted from. */
	if (copy_to_user(to->uts, &ts, sizeof(ts)) && ret == -ERESTARTNOHAND)
		return -EINTR;
	return ret;
}

struct kpollfd {
	int fd;
	short events, revents;
};

struct ppoll_args {
	struct kpollfd *fds;
	unsigned int nfds;
};

/* Fill revents; the number of descriptors with events. */
static int ppoll_scan(void *arg, struct poll_wqueues *pw, bool hook)
{
	struct ppoll_args *a = arg;
	struct kpollfd *fds = a->fds;
	struct files *files = current_process()->files;
	int ready = 0;

	for (unsigned int i = 0; i < a->nfds; i++) {
		struct file *f;
		unsigned int mask;

		fds[i].revents = 0;
		if (fds[i].fd < 0)
			continue;
		f = fd_get(files, fds[i].fd);
		if (!f) {
			fds[i].revents = POLLNVAL;
			ready++;
			continue;
		}
		mask = poll_wqueues_poll(pw, f, hook);
		file_put(f);
		fds[i].revents = mask & ((u16)fds[i].events | POLLERR | POLLHUP);
		if (fds[i].revents)
			ready++;
	}
	return ready;
}

SYSCALL_DEFINE5(ppoll, uptr_t, ufds, unsigned int, nfds, uptr_t, utimeout, uptr_t, usigmask,
		size_t, sigsetsize)
{
	struct poll_timeout to;
	struct ppoll_args pa;
	struct kpollfd *fds;
	u64 sigmask;
	long ret;

	ret = poll_timeout_get(&to, utimeout);
	if (!ret)
		ret = poll_sigmask_get(usigmask, sigsetsize, &sigmask);
	if (ret)
		return ret;
	if (nfds > POLL_MAX_FDS || nfds > current_process()->files->max)
		return -EINVAL;
	fds = kmalloc(MAX(nfds, 1U) * sizeof(*fds));
	if (!fds)
		return -ENOMEM;
	if (copy_from_user(fds, ufds, nfds * sizeof(*fds))) {
		kfree(fds);
		return -EFAULT;
	}
	pa = (struct ppoll_args){ fds, nfds };
	if (usigmask)
		signal_set_temp_mask(sigmask);
	ret = poll_wait_loop(&to, ppoll_scan, &pa);
	/* Interrupted: the temporary mask stays until the handler has run. */
	if (usigmask && ret != -ERESTARTNOHAND)
		signal_restore_temp_mask();
	if (copy_to_user(ufds, fds, nfds * sizeof(*fds)))
		ret = -EFAULT;
	kfree(fds);
	return poll_timeout_finish(&to, ret);
}
