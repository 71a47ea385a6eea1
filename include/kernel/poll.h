/*
 * Readiness of files, for poll, select and epoll (kernel/fs/poll.c,
 * select.c, epoll.c).
 *
 * How a file type takes part (pipes, the console, eventfds and epoll files
 * do this; timerfds, signalfds, pidfds and ttys should too):
 *
 *  1. Announce every change of state on a wait queue of its own (one per
 *     direction if it likes, as pipes do; a queue may be shared, as an
 *     eventfd's is).
 *  2. Implement file_ops.poll(f, pt): first call poll_wait(pt, wq) for each
 *     queue a change will be announced on, then return the POLL* bits that
 *     hold now. pt may be NULL (just report). poll may take a mutex but must
 *     not wait for an event. A file without a poll op is always readable
 *     and writable for poll and select (regular files), and epoll refuses it
 *     with EPERM, as Linux does.
 *  3. After each change that may make a bit true (data arrived, room freed,
 *     the other end hung up), once the new state is visible to poll, call
 *     file_wake_pollers(wq, bits) with the bits that may have become true
 *     (0: any). It wakes sleeping readers and writers too. Wake on every
 *     change, not only on the first: edge-triggered epoll reports each
 *     wake-up as a new event. It may be called from an interrupt handler.
 *
 * The queues registered through poll_wait must live as long as the file
 * (until its release op returns); epoll and poll unhook themselves before
 * then.
 */
#ifndef KERNEL_POLL_H
#define KERNEL_POLL_H

#include <core/wait.h>
#include <core/uaccess.h>

/* poll(2) and epoll event bits (asm-generic values; EPOLLx == POLLx). */
#define POLLIN 0x0001
#define POLLPRI 0x0002
#define POLLOUT 0x0004
#define POLLERR 0x0008
#define POLLHUP 0x0010
#define POLLNVAL 0x0020
#define POLLRDNORM 0x0040
#define POLLRDBAND 0x0080
#define POLLWRNORM 0x0100
#define POLLWRBAND 0x0200
#define POLLMSG 0x0400
#define POLLRDHUP 0x2000

/* What a file without a poll op reports. */
#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

struct file;

/*
 * Given to a file's poll op; poll_wait hands each queue to queue(), which
 * hooks the caller's waiter on it (poll and select: wake the sleeping task;
 * epoll: mark the entry ready).
 */
struct poll_table {
	void (*queue)(struct poll_table *pt, struct wait_queue *wq);
};

static inline void poll_wait(struct poll_table *pt, struct wait_queue *wq)
{
	if (pt && pt->queue)
		pt->queue(pt, wq);
}

/* The file's readiness through its poll op (DEFAULT_POLLMASK without one). */
unsigned int file_poll(struct file *f, struct poll_table *pt);

/* A change on wq may have made the events in mask true (0: any): wake the
 * tasks sleeping on wq and tell the poll and epoll hooks on it. */
static inline void file_wake_pollers(struct wait_queue *wq, unsigned int mask)
{
	wake_up_key(wq, mask);
}

/* The same with wq->lock held (irq-saving): a file whose state lives under
 * its queue's lock (an eventfd's count) changes it and wakes in one go. */
static inline void file_wake_pollers_locked(struct wait_queue *wq, unsigned int mask)
{
	wake_up_key_locked(wq, mask);
}

/* file_put's last reference: take f out of every epoll set (epoll.c). */
void eventpoll_release(struct file *f);

/*
 * The optional signal mask of ppoll, pselect6 and epoll_pwait: {umask,
 * size} as given. 0 with *mask filled (or nothing to do when umask is 0),
 * -EINVAL when size is not 8, -EFAULT when the mask cannot be read.
 */
int poll_sigmask_get(uptr_t umask, size_t size, u64 *mask);

/*
 * The waiting of poll and select (kernel/fs/poll.c). One task scans its
 * files with poll_wqueues_poll (hooking their queues on the first scan),
 * then sleeps in poll_wqueues_sleep until a hooked queue is woken or the
 * timeout passes, and scans again; poll_wqueues_free unhooks everything.
 */
struct poll_chunk;

struct poll_wqueues {
	struct poll_table pt;
	struct task *task;		/* [I] the polling task */
	bool triggered;			/* [atomic] a hooked queue was woken */
	int error;			/* -ENOMEM when a queue could not be hooked */
	struct file *cur;		/* the file being polled */
	struct poll_chunk *chunks;	/* the hooks */
};

/* A timeout given as a user timespec (NULL: forever). */
struct poll_timeout {
	uptr_t uts;		/* where it came from, for the remaining time */
	u64 deadline;		/* clock_ns() */
	bool forever;
	bool zero;		/* {0, 0}: no remaining time is written back */
};

void poll_wqueues_init(struct poll_wqueues *pw);
void poll_wqueues_free(struct poll_wqueues *pw);
/* f's readiness; with hook, also hooks pw on the queues f registers. */
unsigned int poll_wqueues_poll(struct poll_wqueues *pw, struct file *f, bool hook);
/* Sleep until a hooked queue is woken or the timeout passes (interruptible);
 * false when it has passed. */
bool poll_wqueues_sleep(struct poll_wqueues *pw, const struct poll_timeout *to);
/*
 * The loop of poll and select: scan(arg, pw, hook) until it reports
 * something (> 0), a queue cannot be hooked (-ENOMEM), a signal is pending
 * (-ERESTARTNOHAND) or the timeout passes (0). scan polls each file with
 * poll_wqueues_poll(pw, f, hook); hook is true on the first pass only.
 */
long poll_wait_loop(const struct poll_timeout *to,
		    int (*scan)(void *arg, struct poll_wqueues *pw, bool hook), void *arg);
/* Read the timeout at uts: 0, -EFAULT, or -EINVAL for a bad timespec. */
int poll_timeout_get(struct poll_timeout *to, uptr_t uts);
/* Write the time left back to the timespec, as Linux does for ppoll and
 * pselect6; the call's result, made -EINTR from -ERESTARTNOHAND when the
 * timespec cannot be written. */
long poll_timeout_finish(const struct poll_timeout *to, long ret);

#endif
