/*
 * Things that look like violations but are not.
 * The word asm in a comment: asm volatile("nop"); __asm__("wfi");
 * Also: pte_t, PTE_V, satp, csr_read(sstatus), PAGE_OFFSET, __pa(x),
 *       #include <asm/csr.h>, (char *)ubuf, user_access_begin()
 */
// asm("ebreak");  satp  __va(p)  #include "../arch/riscv64/x.h"
#include <arch/irq.h>
#include <arch/cpu.h>
#include "arch/mmu.h"
#include <core/vmspace.h>
#include <core/uaccess.h>
#include <lib/string.h>
#include "../include/arch/timer.h"
#include "fs/vfs.h"

#define MAX_PAGE_ORDER 10		/* _PAGE_ inside a longer name */
#define NR_PTE_SLOTS 4			/* PTE_ inside a longer name */

static const char msg[] = "asm volatile(\"nop\") satp=%lx PAGE_OFFSET __pa";
static const char quote = '"';
static const char tick = '\'';
static int asmcount, my_asm_flag, pte_table;	/* identifiers containing asm/pte */
static unsigned long page_offset;		/* lowercase: a file offset */
struct foo { int __packed_thing; };

long sys_good_read(int fd, uptr_t ubuf, size_t count)
{
	char kbuf[64];
	char *p = (char *)kbuf;			/* cast of an ordinary pointer */
	void *heap = (void *)p;
	unsigned long addr = (unsigned long)ubuf;	/* integer, not a pointer */
	size_t n = count < sizeof(kbuf) ? count : sizeof(kbuf);

	if (copy_from_user(kbuf, ubuf, n))
		return -EFAULT;
	if (copy_to_user(ubuf, kbuf, n))
		return -EFAULT;
	if (strncpy_from_user(kbuf, ubuf, sizeof(char *) * 2) < 0)
		return -EFAULT;
	(void)heap; (void)addr; (void)msg; (void)quote; (void)tick;
	return (long)n;
}

long sys_good_vec(uptr_t *vec, int n)		/* kernel array of user addresses */
{
	u8 *bytes = (u8 *)vec;
	u32 val;

	if (get_user(val, vec[0]) || put_user(val + 1, vec[1]))
		return -EFAULT;
	(void)bytes;
	return clear_user(vec[0], 16) ? -EFAULT : 0;
}

void *good_phys(paddr_t pa, pfn_t pfn)
{
	struct page *pg = pfn_to_page(pfn);
	(void)pg;
	(void)virt_to_phys(&page_offset);
	return phys_to_virt(pa);
}

int good_map(struct vmspace *vs, vaddr_t va, paddr_t pa)
{
	return vmspace_map(vs, va, pa, PAGE_SIZE, VM_READ | VM_WRITE);
}

/* Not architecture tests: names that merely contain the words, the arch
 * name as a value, and a comment saying #ifdef __x86_64__. */
#ifdef CONFIG_RISCV_LIKE_NAME
static const char *machine = ARCH_NAME;
#endif
static int msr_count, cr3_like, rdmsr_calls_in_a_comment; /* rdmsr(MSR_EFER) */
