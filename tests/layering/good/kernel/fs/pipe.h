#ifndef KERNEL_FS_PIPE_H
#define KERNEL_FS_PIPE_H
#include <arch/atomic.h>
#include <core/spinlock.h>
/* multi-line comment with asm(
   "nop") and #include <asm/x.h> inside */
struct pipe_buf {
	uptr_t user_dst;	/* a user address field */
	char *kernel_buf;
};

static inline int pipe_copy_out(struct pipe_buf *b, size_t n)
{
	char *k = (char *)b->kernel_buf;	/* ordinary pointer field */
	return copy_to_user(b->user_dst, k, n) ? -EFAULT : 0;
}
#endif
