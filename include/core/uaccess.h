/*
 * Access to user memory. A user address is a uptr_t, never a pointer: the
 * kernel reaches user memory only through these functions, which check the
 * range, open user access (SUM) for the copy alone, and turn a fault into
 * -EFAULT through the exception table. A page that is merely not present
 * yet is faulted in by the address space first.
 */
#ifndef CORE_UACCESS_H
#define CORE_UACCESS_H

#include <mica/types.h>

typedef unsigned long uptr_t;

/* 0, or -EFAULT when any byte is outside user space or cannot be reached. */
int copy_from_user(void *dst, uptr_t src, size_t n);
int copy_to_user(uptr_t dst, const void *src, size_t n);
int clear_user(uptr_t dst, size_t n);
/* Copy a NUL-terminated string of at most n-1 characters: its length, or
 * -EFAULT, or -ENAMETOOLONG when no NUL is found within n bytes. */
long strncpy_from_user(char *dst, uptr_t src, size_t n);
bool user_range_ok(uptr_t addr, size_t n);
/* Atomically (and fully ordered) set the aligned user word at uaddr to nw
 * if it holds old; *seen gets the value found either way. 0 or -EFAULT
 * (also for a misaligned uaddr). For futexes, whose words user space
 * changes with its own atomic instructions. */
int cmpxchg_user_u32(uptr_t uaddr, u32 old, u32 nw, u32 *seen);

#define get_user(var, uaddr) copy_from_user(&(var), (uaddr), sizeof(var))
#define put_user(val, uaddr)                                                      \
	({                                                                        \
		__typeof__(val) __v = (val);                                      \
		copy_to_user((uaddr), &__v, sizeof(__v));                         \
	})

/*
 * Who resolves a page fault on a user address taken in the kernel: the
 * address space of the running task (set by the memory manager). Returns
 * 0 when the page is now present.
 */
extern int (*uaccess_fault_hook)(unsigned long addr, bool write);

/* Exception table lookup for the trap handler: fixup address or 0. */
unsigned long uaccess_fixup(unsigned long fault_pc);

/*
 * A page fault the kernel took at pc on addr, for the arch trap handler.
 * At a user copy's instruction, the address space brings the page in
 * (interrupts on meanwhile when the trapped code had them on): the result
 * is where to resume, pc itself when the page is now there, else the
 * copy's fixup. 0 anywhere else: a kernel bug.
 */
unsigned long uaccess_kernel_fault(unsigned long pc, unsigned long addr, bool write,
				   bool irqs_were_on);

#endif
