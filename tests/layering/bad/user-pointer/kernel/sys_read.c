/* Dereferencing user addresses instead of copying through uaccess. */
#include <kernel/syscall.h>

struct iov_arg {
	uptr_t base;
	size_t len;
};

long sys_bad_read(int fd, uptr_t buf, size_t count)
{
	char *p = (char *)buf;				/* BAD */
	p[0] = 0;
	((u8 *)buf)[1] = 0;				/* BAD */
	return *(const long *)(uintptr_t)buf;		/* BAD */
}

long sys_bad_iov(struct iov_arg *arg, struct iov_arg a2)
{
	u32 *w = (u32 *) arg->base;			/* BAD */
	void *v = (void *)(a2.base + 8);		/* BAD */
	uptr_t ua, ub = 0, uc[2];
	ua = ub;
	*w = *(int *)ua + *(int *)ub + *(int **)uc[1] != 0;	/* BAD */
	return (long)v;
}

long sys_bad_internals(uptr_t u, void *k)
{
	user_access_begin(u, 8);			/* BAD */
	__uaccess_copy(k, u, 8);			/* BAD */
	arch_uaccess_enable();				/* BAD */
	user_access_end();				/* BAD */
	return 0;
}
