/*
 * Moving data between descriptors in the kernel: sendfile, copy_file_range,
 * splice, tee and vmsplice. Pipes and regular files are the ends Mica
 * supports; data goes through a kernel bounce buffer (pipes copy anyway),
 * and a pipe's bytes are only peeked until they reached the other end,
 * then consumed, so an interrupted transfer loses nothing.
 *
 * Regular files are read and written with inode_ops.read_kernel and
 * .write_kernel; a file without them (procfs, devices) is refused with
 * EINVAL, where Linux would splice many of them.
 */
#include <kernel/syscall.h>
#include <kernel/proc.h>
#include <kernel/vfs.h>
#include <kernel/pipe.h>
#include <core/kmalloc.h>
#include <lib/string.h>
#include <mica/err.h>

#define SPLICE_F_MOVE 1
#define SPLICE_F_NONBLOCK 2
#define SPLICE_F_MORE 4
#define SPLICE_F_GIFT 8
#define SPLICE_F_ALL (SPLICE_F_MOVE | SPLICE_F_NONBLOCK | SPLICE_F_MORE | SPLICE_F_GIFT)
#define MAX_RW_COUNT 0x7ffff000UL	/* INT_MAX rounded down to a page, as Linux */
#define CHUNK 16384
#define IOV_MAX 1024

static struct files *my_files(void) { return current_process()->files; }

static bool readable(struct file *f) { return (f->flags & O_ACCMODE) != O_WRONLY; }
static bool writable(struct file *f) { return (f->flags & O_ACCMODE) != O_RDONLY; }

/* A regular file whose contents the kernel can copy. */
static bool kernel_file(struct file *f)
{
	struct inode *ino = f->inode;

	return ino && S_ISREG(ino->mode) && ino->ops->read_kernel && ino->ops->write_kernel;
}

/* One end of a transfer: a pipe, or a regular file at *pos. */
struct end {
	struct file *f;
	bool pipe;
	u64 *pos;
};

/*
 * Move up to len bytes from in to out. Only the first step may wait
 * (unless nonblock); later ones take what is there, as Linux's splice
 * returns once something moved. Bytes moved, or -errno if none.
 */
static ssize_t transfer(struct end *in, struct end *out, size_t len, bool nonblock)
{
	char *buf = kmalloc(CHUNK);
	size_t done = 0;
	ssize_t err = 0;

	if (!buf)
		return -ENOMEM;
	while (done < len) {
		size_t want = MIN(len - done, (size_t)CHUNK);
		struct pipe_io io = { .kbuf = buf };
		bool nb = nonblock || done;
		ssize_t got, put;

		if (in->pipe)
			got = pipe_read_io(in->f, &io, want, nb, true);
		else
			got = in->f->inode->ops->read_kernel(in->f->inode, buf, want, *in->pos);
		if (got <= 0) {
			err = got;
			break;
		}
		if (out->pipe) {
			put = pipe_write_io(out->f, &io, got, nb);
		} else {
			put = out->f->inode->ops->write_kernel(out->f->inode, buf, got, *out->pos);
			if (put > 0) {
				mutex_lock(&out->f->inode->lock);
				inode_touch(out->f->inode, true);
				mutex_unlock(&out->f->inode->lock);
			}
		}
		if (put <= 0) {
			err = put;
			break;
		}
		if (in->pipe)
			pipe_consume(in->f, put);
		else
			*in->pos += put;
		if (!out->pipe)
			*out->pos += put;
		done += put;
		if (put < got)
			break;	/* the output is full */
	}
	kfree(buf);
	if (done)
		return done;
	/* A pipe's wait interrupted by a signal: restart only if nothing moved. */
	return err;
}

/* Read a user loff_t at uoff into *pos: 0, -EFAULT, -EINVAL (negative). */
static long get_off(uptr_t uoff, u64 *pos)
{
	s64 v;

	if (copy_from_user(&v, uoff, sizeof(v)))
		return -EFAULT;
	if (v < 0)
		return -EINVAL;
	*pos = v;
	return 0;
}

/* A transfer from file in at *pos (or its offset) to out, the common part
 * of sendfile and splice; in_pos NULL: use and advance in's offset. */
static ssize_t from_file(struct file *in, u64 *in_pos, struct file *out, u64 *out_pos,
			 size_t len, bool nonblock)
{
	struct end src = { in, false, in_pos }, dst = { out, file_is_pipe(out), out_pos };
	ssize_t ret;

	if (!kernel_file(in) || (!dst.pipe && !kernel_file(out)))
		return -EINVAL;
	if (in_pos)
		return transfer(&src, &dst, len, nonblock);
	mutex_lock(&in->pos_lock);
	src.pos = &in->pos;
	ret = transfer(&src, &dst, len, nonblock);
	mutex_unlock(&in->pos_lock);
	return ret;
}

SYSCALL_DEFINE4(sendfile, int, out_fd, int, in_fd, uptr_t, uoff, size_t, count)
{
	struct file *in = fd_get(my_files(), in_fd), *out = NULL;
	u64 pos = 0, out_pos;
	ssize_t ret;

	if (!in)
		return -EBADF;
	ret = -EBADF;
	if (!readable(in))
		goto out;
	if (uoff) {
		ret = -ESPIPE;
		if (!in->inode || !S_ISREG(in->inode->mode))
			goto out;
		ret = get_off(uoff, &pos);
		if (ret)
			goto out;
	}
	ret = -EBADF;
	out = fd_get(my_files(), out_fd);
	if (!out || !writable(out))
		goto out;
	count = MIN(count, (size_t)MAX_RW_COUNT);
	ret = -EINVAL;
	if (!file_is_pipe(out) && (out->flags & O_APPEND))
		goto out;
	if (!count) {
		ret = 0;
		goto out;
	}
	if (file_is_pipe(out) || !kernel_file(out)) {
		ret = from_file(in, uoff ? &pos : NULL, out, NULL, count, false);
	} else {
		mutex_lock(&out->pos_lock);
		out_pos = out->pos;
		ret = from_file(in, uoff ? &pos : NULL, out, &out_pos, count, false);
		out->pos = out_pos;
		mutex_unlock(&out->pos_lock);
	}
	if (uoff && ret >= 0 && put_user((s64)pos, uoff))
		ret = -EFAULT;
out:
	if (out)
		file_put(out);
	file_put(in);
	return ret;
}

SYSCALL_DEFINE6(copy_file_range, int, fd_in, uptr_t, uoff_in, int, fd_out, uptr_t, uoff_out,
		size_t, len, unsigned int, flags)
{
	struct file *in = NULL, *out = NULL;
	struct end src, dst;
	u64 pos_in, pos_out, size;
	ssize_t ret;

	if (flags)
		return -EINVAL;
	in = fd_get(my_files(), fd_in);
	out = fd_get(my_files(), fd_out);
	ret = -EBADF;
	if (!in || !out)
		goto out;
	if ((uoff_in && (ret = get_off(uoff_in, &pos_in))) ||
	    (uoff_out && (ret = get_off(uoff_out, &pos_out)))) {
		if (ret == -EINVAL)
			ret = -EOVERFLOW;	/* Linux's rw_verify_area here */
		goto out;
	}
	if ((in->inode && S_ISDIR(in->inode->mode)) || (out->inode && S_ISDIR(out->inode->mode)))
		ret = -EISDIR;
	else if (!in->inode || !out->inode || !S_ISREG(in->inode->mode) ||
		 !S_ISREG(out->inode->mode))
		ret = -EINVAL;
	else if (!readable(in) || !writable(out) || (out->flags & O_APPEND))
		ret = -EBADF;
	else if (in->inode->dev != out->inode->dev)
		ret = -EXDEV;	/* another file system: the caller copies itself */
	else if (!kernel_file(in) || !kernel_file(out))
		ret = -EINVAL;
	else
		ret = 0;
	if (ret)
		goto out;
	/* The offsets: given, or the files' own (both locked, in address order). */
	if (!uoff_in || !uoff_out) {
		struct file *first = in < out ? in : out, *second = in < out ? out : in;

		mutex_lock(&first->pos_lock);
		if (second != first)
			mutex_lock(&second->pos_lock);
	}
	if (!uoff_in)
		pos_in = in->pos;
	if (!uoff_out)
		pos_out = out->pos;
	size = READ_ONCE(in->inode->size);
	len = pos_in >= size ? 0 : MIN(len, (size_t)(size - pos_in));
	len = MIN(len, (size_t)MAX_RW_COUNT);
	if (in->inode == out->inode && pos_out + len > pos_in && pos_out < pos_in + len) {
		ret = -EINVAL;	/* overlapping ranges of one file */
	} else if (len) {
		src = (struct end){ in, false, &pos_in };
		dst = (struct end){ out, false, &pos_out };
		ret = transfer(&src, &dst, len, false);
	}
	if (ret >= 0 && !uoff_in)
		in->pos = pos_in;
	if (ret >= 0 && !uoff_out)
		out->pos = pos_out;
	if (!uoff_in || !uoff_out) {
		struct file *first = in < out ? in : out, *second = in < out ? out : in;

		if (second != first)
			mutex_unlock(&second->pos_lock);
		mutex_unlock(&first->pos_lock);
	}
	if (ret >= 0 && ((uoff_in && put_user((s64)pos_in, uoff_in)) ||
			 (uoff_out && put_user((s64)pos_out, uoff_out))))
		ret = -EFAULT;
out:
	if (in)
		file_put(in);
	if (out)
		file_put(out);
	return ret;
}

/* splice with a pipe on one side, in Linux's do_splice order of checks. */
static ssize_t do_splice(struct file *in, uptr_t uoff_in, struct file *out, uptr_t uoff_out,
			 size_t len, unsigned int flags)
{
	bool ipipe = file_is_pipe(in), opipe = file_is_pipe(out);
	bool nonblock = flags & SPLICE_F_NONBLOCK;
	struct end src = { in, ipipe, NULL }, dst = { out, opipe, NULL };
	struct file *seek = NULL;
	u64 pos;
	ssize_t ret;

	if (!readable(in) || !writable(out))
		return -EBADF;
	if (ipipe && opipe) {
		if (uoff_in || uoff_out)
			return -ESPIPE;
		if (pipe_same(in, out))
			return -EINVAL;
		nonblock |= (in->flags | out->flags) & O_NONBLOCK;
		return transfer(&src, &dst, len, nonblock);
	}
	if (ipipe) {
		if (uoff_in)
			return -ESPIPE;
		if (!kernel_file(out) || (out->flags & O_APPEND))
			return -EINVAL;
		nonblock |= in->flags & O_NONBLOCK;
		seek = out;
		dst.pos = &pos;
	} else if (opipe) {
		if (uoff_out)
			return -ESPIPE;
		if (!kernel_file(in))
			return -EINVAL;
		nonblock |= out->flags & O_NONBLOCK;
		seek = in;
		src.pos = &pos;
	} else {
		return -EINVAL;	/* one side must be a pipe */
	}
	if (ipipe ? uoff_out : uoff_in) {
		ret = get_off(ipipe ? uoff_out : uoff_in, &pos);
		if (ret)
			return ret;
		ret = transfer(&src, &dst, len, nonblock);
		if (ret >= 0 && put_user((s64)pos, ipipe ? uoff_out : uoff_in))
			ret = -EFAULT;
		return ret;
	}
	mutex_lock(&seek->pos_lock);
	pos = seek->pos;
	ret = transfer(&src, &dst, len, nonblock);
	seek->pos = pos;
	mutex_unlock(&seek->pos_lock);
	return ret;
}

SYSCALL_DEFINE6(splice, int, fd_in, uptr_t, uoff_in, int, fd_out, uptr_t, uoff_out,
		size_t, len, unsigned int, flags)
{
	struct file *in, *out;
	ssize_t ret;

	if (!len)
		return 0;
	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	in = fd_get(my_files(), fd_in);
	out = fd_get(my_files(), fd_out);
	if (!in || !out)
		ret = -EBADF;
	else
		ret = do_splice(in, uoff_in, out, uoff_out, MIN(len, (size_t)MAX_RW_COUNT), flags);
	if (in)
		file_put(in);
	if (out)
		file_put(out);
	return ret;
}

SYSCALL_DEFINE4(tee, int, fd_in, int, fd_out, size_t, len, unsigned int, flags)
{
	struct file *in, *out;
	ssize_t ret;

	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	if (!len)
		return 0;
	in = fd_get(my_files(), fd_in);
	out = fd_get(my_files(), fd_out);
	if (!in || !out) {
		ret = -EBADF;
	} else if (!readable(in) || !writable(out)) {
		ret = -EBADF;
	} else if (!file_is_pipe(in) || !file_is_pipe(out) || pipe_same(in, out)) {
		ret = -EINVAL;
	} else {
		/* Duplicate what the input holds: peek, write, and leave it. */
		char *buf = kmalloc(CHUNK);
		struct pipe_io io = { .kbuf = buf };
		bool nonblock = (flags & SPLICE_F_NONBLOCK) || ((in->flags | out->flags) & O_NONBLOCK);

		ret = -ENOMEM;
		if (buf) {
			ret = pipe_read_io(in, &io, MIN(len, (size_t)CHUNK), nonblock, true);
			if (ret > 0)
				ret = pipe_write_io(out, &io, ret, nonblock);
			kfree(buf);
		}
	}
	if (in)
		file_put(in);
	if (out)
		file_put(out);
	return ret;
}

struct iovec_user {
	uptr_t base;
	size_t len;
};

SYSCALL_DEFINE4(vmsplice, int, fd, uptr_t, uiov, unsigned long, nr_segs, unsigned int, flags)
{
	struct file *f;
	ssize_t done = 0, ret = 0;
	bool to_pipe, nonblock;

	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	f = fd_get(my_files(), fd);
	if (!f)
		return -EBADF;
	if (!file_is_pipe(f)) {
		file_put(f);
		return -EBADF;
	}
	if (nr_segs > IOV_MAX) {
		file_put(f);
		return -EINVAL;
	}
	to_pipe = writable(f);
	nonblock = (flags & SPLICE_F_NONBLOCK) || (f->flags & O_NONBLOCK);
	for (unsigned long i = 0; i < nr_segs; i++) {
		struct iovec_user iov;
		struct pipe_io io;

		if (copy_from_user(&iov, uiov + i * sizeof(iov), sizeof(iov))) {
			ret = -EFAULT;
			break;
		}
		if (!iov.len)
			continue;
		if (!user_range_ok(iov.base, iov.len)) {
			ret = -EFAULT;
			break;
		}
		io = (struct pipe_io){ .ubuf = iov.base };
		ret = to_pipe ? pipe_write_io(f, &io, iov.len, nonblock || done)
			      : pipe_read_io(f, &io, iov.len, nonblock || done, false);
		if (ret <= 0)
			break;
		done += ret;
		if ((size_t)ret < iov.len)
			break;
	}
	file_put(f);
	return done ? done : ret;
}
