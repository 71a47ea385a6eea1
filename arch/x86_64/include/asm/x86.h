/* x86_64 control registers, MSRs, CPUID and port I/O. arch/ internal. */
#ifndef ASM_X86_H
#define ASM_X86_H

#define CR0_PE (1UL << 0)
#define CR0_WP (1UL << 16)
#define CR0_NW (1UL << 29)
#define CR0_CD (1UL << 30)
#define CR0_PG (1UL << 31)
#define CR4_PAE (1UL << 5)
#define CR4_PGE (1UL << 7)

#define MSR_APIC_BASE 0x1b
#define MSR_TSC_DEADLINE 0x6e0
#define MSR_EFER 0xc0000080
#define MSR_FS_BASE 0xc0000100
#define MSR_GS_BASE 0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102
#define EFER_LME (1UL << 8)
#define EFER_NXE (1UL << 11)

#define RFLAGS_IF (1UL << 9)

/* Segment selectors of the GDT (arch/x86_64/gdt.c). */
#define GDT_KERNEL_CS 0x08
#define GDT_KERNEL_DS 0x10
#define GDT_USER_DS 0x18
#define GDT_USER_CS 0x20
#define GDT_TSS 0x28

#ifndef __ASSEMBLER__
#include <mica/types.h>

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;

	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void wrmsr(u32 msr, u64 val)
{
	__asm__ __volatile__("wrmsr" : : "c"(msr), "a"((u32)val), "d"((u32)(val >> 32))
			     : "memory");
}

static inline void cpuid(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d)
{
	__asm__ __volatile__("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			     : "a"(leaf), "c"(sub));
}

/* read_crN() and write_crN() for the control registers Mica touches. */
#define X86_CR_ACCESSORS(n)                                                       \
	static inline unsigned long read_cr##n(void)                              \
	{                                                                         \
		unsigned long v;                                                  \
		__asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v));             \
		return v;                                                         \
	}                                                                         \
	static inline void write_cr##n(unsigned long v)                           \
	{                                                                         \
		__asm__ __volatile__("mov %0, %%cr" #n : : "r"(v) : "memory");    \
	}
X86_CR_ACCESSORS(2)
X86_CR_ACCESSORS(3)
X86_CR_ACCESSORS(4)

static inline u8 inb(u16 port)
{
	u8 v;

	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline void outb(u16 port, u8 v)
{
	__asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline void outw(u16 port, u16 v)
{
	__asm__ __volatile__("outw %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline void outl(u16 port, u32 v)
{
	__asm__ __volatile__("outl %0, %1" : : "a"(v), "Nd"(port) : "memory");
}
#endif

#endif
