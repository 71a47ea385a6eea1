/*
 * x86_64 per-CPU block: the GS base points here (asm/cpu.h reads the
 * struct cpu pointer at %gs:0). Also this CPU's GDT and TSS, and the
 * stack a double fault switches to (IST1), so a kernel stack overflow
 * still reaches the trap handler. arch/ internal.
 */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

#include <mica/types.h>

struct x86_tss {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __attribute__((packed));

#define GDT_ENTRIES 7	/* null, kernel CS/DS, user DS/CS, TSS (two slots) */
#define DF_STACK_SIZE 8192

struct x86_percpu {
	struct cpu *cpu;	/* must stay first: %gs:0 */
	unsigned int pending_irq;	/* line of the interrupt being taken (ioapic.c) */
	u64 gdt[GDT_ENTRIES] __attribute__((aligned(16)));
	struct x86_tss tss __attribute__((aligned(16)));
	u8 df_stack[DF_STACK_SIZE] __attribute__((aligned(16)));
};

struct x86_percpu *x86_percpu_of(unsigned int cpu_id);

#endif
