/*
 * Pipe internals for splice(2), tee(2) and vmsplice(2): reads and writes
 * of a pipe's open file with a kernel or a user buffer, and peeking.
 */
#ifndef KERNEL_PIPE_H
#define KERNEL_PIPE_H

#include <kernel/file.h>

/* The other side of a transfer: kbuf if set, else the user buffer ubuf. */
struct pipe_io {
	char *kbuf;
	uptr_t ubuf;
};

bool file_is_pipe(struct file *f);
/* Do two pipe files belong to the same pipe? */
bool pipe_same(struct file *a, struct file *b);
/*
 * As read(2) of pipe file f into io (waiting for data unless nonblock:
 * -EAGAIN; -ERESTARTSYS on a signal; 0 at end of file). peek: leave the
 * bytes in the pipe, for pipe_consume once they went somewhere.
 */
ssize_t pipe_read_io(struct file *f, struct pipe_io *io, size_t n, bool nonblock, bool peek);
void pipe_consume(struct file *f, size_t n);
/* As write(2) to pipe file f from io (SIGPIPE and -EPIPE with no reader). */
ssize_t pipe_write_io(struct file *f, struct pipe_io *io, size_t n, bool nonblock);

#endif
