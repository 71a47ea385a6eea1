/*
 * pselect6: poll over three descriptor bit sets (read, write, except), with
 * the waiting of kernel/fs/poll.c. As on Linux, each bit set in a result
 * counts once, the time left is written back to the timeout, and the sets
 * are left alone when a signal ends the wait.
 */
#include <kernel/syscall.h>
#include <kernel/proc.h>
#include <kernel/signal.h>
#include <core/kmalloc.h>
#include <lib/string.h>

#define BITS_PER_LONG (8 * sizeof(unsigned long))

/* What makes a descriptor readable, writable or exceptional for select. */
#define POLLIN_SET (POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define POLLOUT_SET (POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define POLLEX_SET POLLPRI

enum { SEL_IN, SEL_OUT, SEL_EX, SEL_NR };

struct select_sets {
	unsigned long *in[SEL_NR];	/* what was asked (zeros for a NULL set) */
	unsigned long *out[SEL_NR];	/* what holds */
	size_t words;
	int n;				/* descriptors 0..n-1 */
};

static bool bit(const unsigned long *set, int fd)
{
	return set[fd / BITS_PER_LONG] >> (fd % BITS_PER_LONG) & 1;
}

/* Every descriptor named in a set below n must be open (else EBADF). */
static int select_check_fds(struct select_sets *s)
{
	struct files *files = current_process()->files;

	for (int fd = 0; fd < s->n; fd++) {
		struct file *f;

		if (!bit(s->in[SEL_IN], fd) && !bit(s->in[SEL_OUT], fd) && !bit(s->in[SEL_EX], fd))
			continue;
		f = fd_get(files, fd);
		if (!f)
			return -EBADF;
		file_put(f);
	}
	return 0;
}

/* One pass over the descriptors: fill the result sets, count their bits. */
static int select_scan(void *arg, struct poll_wqueues *pw, bool hook)
{
	static const unsigned int want[SEL_NR] = { POLLIN_SET, POLLOUT_SET, POLLEX_SET };
	struct select_sets *s = arg;
	struct files *files = current_process()->files;
	int ready = 0;

	for (int fd = 0; fd < s->n; fd++) {
		unsigned long m = 1UL << (fd % BITS_PER_LONG);
		size_t w = fd / BITS_PER_LONG;
		struct file *f;
		unsigned int mask;

		if (!((s->in[SEL_IN][w] | s->in[SEL_OUT][w] | s->in[SEL_EX][w]) & m))
			continue;
		f = fd_get(files, fd);
		if (!f)
			continue;	/* closed since the check: nothing to report */
		mask = poll_wqueues_poll(pw, f, hook);
		file_put(f);
		for (int k = 0; k < SEL_NR; k++) {
			if ((s->in[k][w] & m) && (mask & want[k])) {
				s->out[k][w] |= m;
				ready++;
			}
		}
	}
	return ready;
}

static long core_select(int n, uptr_t uset[SEL_NR], const struct poll_timeout *to)
{
	struct select_sets s;
	unsigned long *mem;
	size_t bytes;
	long ret;

	if (n < 0)
		return -EINVAL;
	n = MIN(n, NR_OPEN_DEFAULT);
	s.words = (n + BITS_PER_LONG - 1) / BITS_PER_LONG;
	bytes = s.words * sizeof(unsigned long);
	mem = kzalloc(MAX(2 * SEL_NR * bytes, sizeof(unsigned long)));
	if (!mem)
		return -ENOMEM;
	for (int k = 0; k < SEL_NR; k++) {
		s.in[k] = mem + k * s.words;
		s.out[k] = mem + (SEL_NR + k) * s.words;
		if (uset[k] && copy_from_user(s.in[k], uset[k], bytes)) {
			kfree(mem);
			return -EFAULT;
		}
	}
	s.n = n;
	ret = select_check_fds(&s);
	if (!ret)
		ret = poll_wait_loop(to, select_scan, &s);
	for (int k = 0; k < SEL_NR && ret >= 0; k++)
		if (uset[k] && copy_to_user(uset[k], s.out[k], bytes))
			ret = -EFAULT;
	kfree(mem);
	return ret;
}

SYSCALL_DEFINE6(pselect6, int, n, uptr_t, inp, uptr_t, outp, uptr_t, exp, uptr_t, utimeout,
		uptr_t, usig)
{
	uptr_t uset[SEL_NR] = { inp, outp, exp };
	struct { u64 mask; u64 size; } sig = { 0, 0 };
	struct poll_timeout to;
	u64 sigmask;
	long ret;

	ret = poll_timeout_get(&to, utimeout);
	if (ret)
		return ret;
	/* The sixth argument points at { const sigset_t *mask; size_t size; }. */
	if (usig && copy_from_user(&sig, usig, sizeof(sig)))
		return -EFAULT;
	ret = poll_sigmask_get(sig.mask, sig.size, &sigmask);
	if (ret)
		return ret;
	if (sig.mask)
		signal_set_temp_mask(sigmask);
	ret = core_select(n, uset, &to);
	/* Interrupted: the temporary mask stays until the handler has run. */
	if (sig.mask && ret != -ERESTARTNOHAND)
		signal_restore_temp_mask();
	return poll_timeout_finish(&to, ret);
}
