/*
 * Checked copies between kernel and user memory (see core/uaccess.h). The
 * copy loops live in arch/; this file checks ranges and looks up the
 * exception table.
 */
#include <core/uaccess.h>
#include <core/cpu.h>
#include <asm/memlayout.h>
#include <mica/errno.h>

unsigned long __arch_copy_user(void *dst, const void *src, unsigned long n);
unsigned long __arch_clear_user(void *dst, unsigned long n);
long __arch_strncpy_user(char *dst, const char *src, unsigned long n);
long __arch_cmpxchg_user_u32(u32 *uaddr, u32 old, u32 nw, u32 *seen);

struct ex_entry {
	unsigned long insn, fixup;
};

extern const struct ex_entry __ex_table_start[], __ex_table_end[];

int (*uaccess_fault_hook)(unsigned long addr, bool write);

bool user_range_ok(uptr_t addr, size_t n)
{
	return addr < USER_TOP && n <= USER_TOP - addr;
}

unsigned long uaccess_fixup(unsigned long fault_pc)
{
	for (const struct ex_entry *e = __ex_table_start; e < __ex_table_end; e++)
		if (e->insn == fault_pc)
			return e->fixup;
	return 0;
}

unsigned long uaccess_kernel_fault(unsigned long pc, unsigned long addr, bool write,
				   bool irqs_were_on)
{
	unsigned long fixup = uaccess_fixup(pc);
	bool resolved = false;

	if (!fixup)
		return 0;
	if (addr < USER_TOP && uaccess_fault_hook) {
		if (irqs_were_on)
			local_irq_enable();
		resolved = uaccess_fault_hook(addr, write) == 0;
		local_irq_disable();
	}
	return resolved ? pc : fixup;
}

int copy_from_user(void *dst, uptr_t src, size_t n)
{
	if (!user_range_ok(src, n))
		return -EFAULT;
	return __arch_copy_user(dst, (const void *)src, n) ? -EFAULT : 0;
}

int copy_to_user(uptr_t dst, const void *src, size_t n)
{
	if (!user_range_ok(dst, n))
		return -EFAULT;
	return __arch_copy_user((void *)dst, src, n) ? -EFAULT : 0;
}

int clear_user(uptr_t dst, size_t n)
{
	if (!user_range_ok(dst, n))
		return -EFAULT;
	return __arch_clear_user((void *)dst, n) ? -EFAULT : 0;
}

long strncpy_from_user(char *dst, uptr_t src, size_t n)
{
	long len;

	if (!n)
		return -ENAMETOOLONG;
	/* The string may end before the end of user space: clamp, not refuse. */
	if (src >= USER_TOP)
		return -EFAULT;
	if (n > USER_TOP - src)
		n = USER_TOP - src;
	len = __arch_strncpy_user(dst, (const char *)src, n);
	if (len < 0)
		return -EFAULT;
	if ((size_t)len == n) {
		dst[n - 1] = 0;
		return -ENAMETOOLONG;
	}
	return len;
}

int cmpxchg_user_u32(uptr_t uaddr, u32 old, u32 nw, u32 *seen)
{
	/* A misaligned LR/SC would raise an access fault, not a page fault. */
	if ((uaddr & 3) || !user_range_ok(uaddr, sizeof(u32)))
		return -EFAULT;
	return __arch_cmpxchg_user_u32((u32 *)uaddr, old, nw, seen) ? -EFAULT : 0;
}
