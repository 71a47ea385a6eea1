/*
 * signalfd: signals read as records from a file instead of running
 * handlers. Reading takes signals of the file's mask from the reading
 * thread's pending set and its process's (the signals are normally
 * blocked, so that they stay pending until read); poll reports them.
 */
#include "signal_internal.h"
#include <kernel/file.h>
#include <kernel/syscall.h>
#include <core/kmalloc.h>
#include <lib/string.h>

#define SFD_NONBLOCK O_NONBLOCK
#define SFD_CLOEXEC O_CLOEXEC

/* struct signalfd_siginfo, 128 bytes. */
struct signalfd_info {
	u32 ssi_signo;
	s32 ssi_errno;
	s32 ssi_code;
	u32 ssi_pid;
	u32 ssi_uid;
	s32 ssi_fd;
	u32 ssi_tid;
	u32 ssi_band;
	u32 ssi_overrun;
	u32 ssi_trapno;
	s32 ssi_status;
	s32 ssi_int;
	u64 ssi_ptr;
	u64 ssi_utime;
	u64 ssi_stime;
	u64 ssi_addr;
	u16 ssi_addr_lsb;
	u16 pad2;
	s32 ssi_syscall;
	u64 ssi_call_addr;
	u32 ssi_arch;
	u8 pad[28];
};
_Static_assert(sizeof(struct signalfd_info) == 128, "signalfd_siginfo");

/*
 * poll registers on the queue of the handler table the signalfd was made
 * with, which the file keeps alive: a poller's own table may go away
 * (its process exits) while an epoll set that another process inherited
 * still waits on the queue. A process that inherited the signalfd
 * through fork is therefore not woken by its own signals in poll (Linux
 * uses the poller's queue and POLLFREE when it goes).
 */
struct signalfd_ctx {
	sigset_t mask;		/* [a] */
	struct sighand *sh;	/* [I] referenced: its signalfd_wq wakes pollers */
};

/* Fill out from info by which union member the signal and code use. */
static void to_record(const siginfo_t *info, struct signalfd_info *out)
{
	int sig = info->si_signo, code = info->si_code;

	memset(out, 0, sizeof(*out));
	out->ssi_signo = sig;
	out->ssi_errno = info->si_errno;
	out->ssi_code = code;
	if (code == SI_TIMER) {
		out->ssi_tid = info->timer.tid;
		out->ssi_overrun = info->timer.overrun;
		out->ssi_ptr = info->timer.sigval;
		out->ssi_int = (s32)info->timer.sigval;
	} else if (code == SI_SIGIO || (code > 0 && (sig == SIGIO))) {
		out->ssi_band = (u32)info->poll.band;
		out->ssi_fd = info->poll.fd;
	} else if (code > 0 && code != SI_KERNEL && sig == SIGCHLD) {
		out->ssi_pid = info->chld.pid;
		out->ssi_uid = info->chld.uid;
		out->ssi_status = info->chld.status;
		out->ssi_utime = info->chld.utime;
		out->ssi_stime = info->chld.stime;
	} else if (code > 0 && code != SI_KERNEL && (sigmask(sig) & SIG_SYNC_MASK)) {
		out->ssi_addr = info->fault.addr;
	} else {
		/* kill(), tkill() and queued signals: pid, uid and the value. */
		out->ssi_pid = info->rt.pid;
		out->ssi_uid = info->rt.uid;
		if (code < 0) {
			out->ssi_ptr = info->rt.sigval;
			out->ssi_int = (s32)info->rt.sigval;
		}
	}
}

/* Take one signal of the file's mask, sleeping for one unless nonblock. */
static int take_one(struct signalfd_ctx *ctx, bool nonblock, siginfo_t *info)
{
	struct task *t = current;
	struct sighand *sh = t->proc->sighand;
	struct waiter w = WAITER_INIT(w);
	int sig;

	for (;;) {
		unsigned long flags;

		prepare_to_wait(&sh->signalfd_wq, &w, TASK_INTERRUPTIBLE, false);
		flags = spin_lock_irqsave(&sh->lock);
		sig = dequeue_signal_locked(t, ctx->mask, info);
		spin_unlock_irqrestore(&sh->lock, flags);
		if (sig)
			break;
		if (nonblock) {
			sig = -EAGAIN;
			break;
		}
		if (signal_pending()) {
			sig = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	finish_wait(&sh->signalfd_wq, &w);
	return sig;
}

static ssize_t signalfd_read(struct file *f, uptr_t buf, size_t n, u64 *pos)
{
	struct signalfd_ctx *ctx = f->priv;
	size_t done = 0;

	(void)pos;
	if (n < sizeof(struct signalfd_info))
		return -EINVAL;
	while (done + sizeof(struct signalfd_info) <= n) {
		struct signalfd_info rec;
		siginfo_t info;
		int sig = take_one(ctx, done || (f->flags & O_NONBLOCK), &info);

		if (sig < 0)
			return done ? (ssize_t)done : sig;
		to_record(&info, &rec);
		if (copy_to_user(buf + done, &rec, sizeof(rec)))
			return done ? (ssize_t)done : -EFAULT;
		done += sizeof(rec);
	}
	return done;
}

static unsigned int signalfd_poll(struct file *f, struct poll_table *pt)
{
	struct signalfd_ctx *ctx = f->priv;
	struct task *t = current;
	struct sighand *sh = t->proc->sighand;
	unsigned long flags;
	bool ready;

	poll_wait(pt, &ctx->sh->signalfd_wq);
	flags = spin_lock_irqsave(&sh->lock);
	ready = (t->pending.set | t->proc->shared_pending.set) & ctx->mask;
	spin_unlock_irqrestore(&sh->lock, flags);
	return ready ? POLLIN | POLLRDNORM : 0;
}

static void signalfd_release(struct file *f)
{
	struct signalfd_ctx *ctx = f->priv;

	sighand_put(ctx->sh);
	kfree(ctx);
}

static const struct file_ops signalfd_ops = {
	.read = signalfd_read,
	.poll = signalfd_poll,
	.release = signalfd_release,
};

SYSCALL_DEFINE4(signalfd4, int, fd, uptr_t, umask, size_t, sizemask, int, flags)
{
	struct signalfd_ctx *ctx;
	struct file *f;
	sigset_t mask;

	if (sizemask != sizeof(sigset_t) || (flags & ~(SFD_NONBLOCK | SFD_CLOEXEC)))
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	mask &= ~SIG_KERNEL_ONLY;
	if (fd != -1) {
		f = fd_get(current_process()->files, fd);
		if (!f)
			return -EBADF;
		if (f->ops != &signalfd_ops) {
			file_put(f);
			return -EINVAL;
		}
		WRITE_ONCE(((struct signalfd_ctx *)f->priv)->mask, mask);
		wake_up_all(&current_process()->sighand->signalfd_wq);
		file_put(f);
		return fd;
	}
	ctx = kzalloc(sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ctx->mask = mask;
	ctx->sh = current_process()->sighand;
	atomic_inc(&ctx->sh->refs);
	f = file_alloc(&signalfd_ops, ctx, O_RDONLY | (flags & SFD_NONBLOCK));
	if (!f) {
		sighand_put(ctx->sh);
		kfree(ctx);
		return -ENOMEM;
	}
	fd = fd_install(current_process()->files, f, 0, flags & SFD_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}
