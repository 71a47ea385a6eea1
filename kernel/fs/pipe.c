/*
 * Pipes: a ring buffer between a read end and a write end. Readers sleep
 * while it is empty and writers remain, writers while it is full and
 * readers remain. Writes of at most PIPE_BUF bytes are atomic.
 *
 * Lock: pipe.lock guards the ring and the end counts.
 */
#include <kernel/file.h>
#include <kernel/pipe.h>
#include <kernel/syscall.h>
#include <kernel/proc.h>
#include <core/kmalloc.h>
#include <kernel/signal_numbers.h>
#include <lib/string.h>

#define PIPE_SIZE 65536
#define PIPE_BUF 4096

struct pipe {
	spinlock_t lock;
	char *buf;
	unsigned int head, tail;	/* free-running byte counters */
	int readers, writers;
	struct wait_queue can_read, can_write;
	atomic_t refs;
};

static unsigned int used(struct pipe *p) { return p->head - p->tail; }

static void pipe_put(struct pipe *p)
{
	if (atomic_dec_and_test(&p->refs)) {
		kfree(p->buf);
		kfree(p);
	}
}

static const struct file_ops pipe_ops;

/* Copy between a pipe's bounce buffer and the caller's (user or kernel)
 * buffer at offset off: 0 or -EFAULT. */
static int io_out(struct pipe_io *io, size_t off, const char *tmp, size_t n)
{
	if (io->kbuf) {
		memcpy(io->kbuf + off, tmp, n);
		return 0;
	}
	return copy_to_user(io->ubuf + off, tmp, n);
}

static int io_in(struct pipe_io *io, size_t off, char *tmp, size_t n)
{
	if (io->kbuf) {
		memcpy(tmp, io->kbuf + off, n);
		return 0;
	}
	return copy_from_user(tmp, io->ubuf + off, n);
}

bool file_is_pipe(struct file *f)
{
	return f->ops == &pipe_ops;
}

bool pipe_same(struct file *a, struct file *b)
{
	return a->priv == b->priv;
}

ssize_t pipe_read_io(struct file *f, struct pipe_io *io, size_t n, bool nonblock, bool peek)
{
	struct pipe *p = f->priv;
	char tmp[256];
	size_t done = 0;

	if (!n)
		return 0;
	for (;;) {
		spin_lock(&p->lock);
		if (used(p) || !p->writers)
			break;
		spin_unlock(&p->lock);
		if (nonblock)
			return -EAGAIN;
		if (wait_event_interruptible(p->can_read, READ_ONCE(p->head) != READ_ONCE(p->tail) ||
							  !READ_ONCE(p->writers)))
			return -ERESTARTSYS;
	}
	/* Copy out in chunks without the lock held during the user copy. A
	 * peek (tee, splice) leaves the bytes for pipe_consume. */
	while (done < n && used(p) > (peek ? done : 0)) {
		unsigned int from = p->tail + (peek ? done : 0);
		size_t chunk = MIN(MIN(n - done, sizeof(tmp)), used(p) - (peek ? done : 0));

		for (size_t i = 0; i < chunk; i++)
			tmp[i] = p->buf[(from + i) % PIPE_SIZE];
		spin_unlock(&p->lock);
		if (io_out(io, done, tmp, chunk)) {
			file_wake_pollers(&p->can_write, POLLOUT | POLLWRNORM);
			return done ? (ssize_t)done : -EFAULT;
		}
		spin_lock(&p->lock);
		if (!peek)
			p->tail += chunk;
		done += chunk;
	}
	spin_unlock(&p->lock);
	if (!peek)
		file_wake_pollers(&p->can_write, POLLOUT | POLLWRNORM);
	return done;
}

void pipe_consume(struct file *f, size_t n)
{
	struct pipe *p = f->priv;

	spin_lock(&p->lock);
	p->tail += MIN(n, (size_t)used(p));
	spin_unlock(&p->lock);
	file_wake_pollers(&p->can_write, POLLOUT | POLLWRNORM);
}

static ssize_t pipe_read(struct file *f, uptr_t ubuf, size_t n, u64 *pos)
{
	struct pipe_io io = { .ubuf = ubuf };

	(void)pos;
	return pipe_read_io(f, &io, n, f->flags & O_NONBLOCK, false);
}

/* A write to a pipe nobody reads: SIGPIPE to the writing thread. */
static void send_sigpipe(void)
{
	siginfo_t info = { .si_signo = SIGPIPE, .si_code = SI_USER };

	info.kill.pid = current_process()->pid;
	info.kill.uid = current_process()->cred.uid;
	signal_send(current_process(), current, &info);
}

ssize_t pipe_write_io(struct file *f, struct pipe_io *io, size_t n, bool nonblock)
{
	struct pipe *p = f->priv;
	char tmp[256];
	size_t done = 0;

	while (done < n) {
		size_t want = n - done <= PIPE_BUF ? n - done : 1;	/* atomic small writes */
		size_t chunk;

		spin_lock(&p->lock);
		while (p->readers && PIPE_SIZE - used(p) < want) {
			spin_unlock(&p->lock);
			if (nonblock)
				return done ? (ssize_t)done : -EAGAIN;
			file_wake_pollers(&p->can_read, POLLIN | POLLRDNORM);
			if (wait_event_interruptible(p->can_write,
						     PIPE_SIZE - (READ_ONCE(p->head) - READ_ONCE(p->tail)) >=
						     want || !READ_ONCE(p->readers)))
				return done ? (ssize_t)done : -ERESTARTSYS;
			spin_lock(&p->lock);
		}
		if (!p->readers) {
			spin_unlock(&p->lock);
			send_sigpipe();
			return done ? (ssize_t)done : -EPIPE;
		}
		chunk = MIN(MIN(n - done, sizeof(tmp)), PIPE_SIZE - used(p));
		spin_unlock(&p->lock);
		if (io_in(io, done, tmp, chunk))
			return done ? (ssize_t)done : -EFAULT;
		spin_lock(&p->lock);
		/* Only this writer adds and readers only take: the room is still there. */
		for (size_t i = 0; i < chunk; i++)
			p->buf[(p->head + i) % PIPE_SIZE] = tmp[i];
		p->head += chunk;
		spin_unlock(&p->lock);
		done += chunk;
		file_wake_pollers(&p->can_read, POLLIN | POLLRDNORM);
	}
	return done;
}

static ssize_t pipe_write(struct file *f, uptr_t ubuf, size_t n, u64 *pos)
{
	struct pipe_io io = { .ubuf = ubuf };

	(void)pos;
	return pipe_write_io(f, &io, n, f->flags & O_NONBLOCK);
}

static void pipe_release(struct file *f)
{
	struct pipe *p = f->priv;

	spin_lock(&p->lock);
	if ((f->flags & O_ACCMODE) == O_RDONLY)
		p->readers--;
	else
		p->writers--;
	spin_unlock(&p->lock);
	/* The other end sees POLLHUP (readers) or POLLERR (writers). */
	file_wake_pollers(&p->can_read, POLLHUP);
	file_wake_pollers(&p->can_write, POLLERR);
	pipe_put(p);
}

#define FIONREAD 0x541B

static long pipe_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct pipe *p = f->priv;
	int n;

	if (cmd != FIONREAD)
		return -ENOTTY;
	spin_lock(&p->lock);
	n = (int)used(p);
	spin_unlock(&p->lock);
	return put_user(n, arg);
}

static unsigned int pipe_poll(struct file *f, struct poll_table *pt)
{
	struct pipe *p = f->priv;
	unsigned int mask = 0;

	if ((f->flags & O_ACCMODE) == O_RDONLY) {
		poll_wait(pt, &p->can_read);
		spin_lock(&p->lock);
		if (used(p))
			mask |= POLLIN | POLLRDNORM;
		if (!p->writers)
			mask |= POLLHUP;
	} else {
		poll_wait(pt, &p->can_write);
		spin_lock(&p->lock);
		if (PIPE_SIZE - used(p) >= PIPE_BUF)
			mask |= POLLOUT | POLLWRNORM;
		if (!p->readers)
			mask |= POLLERR;
	}
	spin_unlock(&p->lock);
	return mask;
}

static const struct file_ops pipe_ops = {
	.anon_name = "pipe:",
	.poll = pipe_poll,
	.read = pipe_read,
	.write = pipe_write,
	.ioctl = pipe_ioctl,
	.release = pipe_release,
};

SYSCALL_DEFINE2(pipe2, uptr_t, fds, int, flags)
{
	struct files *files = current_process()->files;
	struct pipe *p;
	struct file *r, *w;
	int fd[2] = { -1, -1 };

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	p = kzalloc(sizeof(*p));
	if (!p || !(p->buf = kmalloc(PIPE_SIZE))) {
		kfree(p);
		return -ENOMEM;
	}
	spin_lock_init(&p->lock, "pipe.lock");
	wait_queue_init(&p->can_read);
	wait_queue_init(&p->can_write);
	p->readers = p->writers = 1;
	atomic_set(&p->refs, 2);
	r = file_alloc(&pipe_ops, p, O_RDONLY | (flags & O_NONBLOCK));
	w = file_alloc(&pipe_ops, p, O_WRONLY | (flags & O_NONBLOCK));
	if (!r || !w) {
		/* Each end owns one reference on the pipe: drop the missing ones too. */
		if (r)
			file_put(r);
		else
			pipe_put(p);
		if (w)
			file_put(w);
		else
			pipe_put(p);
		return -ENOMEM;
	}
	fd[0] = fd_install(files, r, 0, flags & O_CLOEXEC);
	if (fd[0] >= 0)
		fd[1] = fd_install(files, w, 0, flags & O_CLOEXEC);
	if (fd[1] < 0 || copy_to_user(fds, fd, sizeof(fd))) {
		if (fd[0] >= 0)
			fd_close(files, fd[0]);
		else
			file_put(r);
		if (fd[1] >= 0)
			fd_close(files, fd[1]);
		else
			file_put(w);
		return fd[1] < 0 ? -EMFILE : -EFAULT;
	}
	return 0;
}
