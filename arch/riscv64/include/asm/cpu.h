/* riscv64: tp holds the per-CPU pointer while in the kernel. */
#ifndef ASM_CPU_H
#define ASM_CPU_H

#include <asm/csr.h>

#define ARCH_NAME "riscv64"

static inline struct cpu *arch_this_cpu(void)
{
	struct cpu *c;

	__asm__ __volatile__("mv %0, tp" : "=r"(c));
	return c;
}

static inline void arch_set_this_cpu(struct cpu *cpu)
{
	__asm__ __volatile__("mv tp, %0" : : "r"(cpu) : "memory");
}

static inline unsigned long arch_irq_save(void)
{
	return csr_read_clear(sstatus, SSTATUS_SIE) & SSTATUS_SIE;
}

static inline void arch_irq_restore(unsigned long flags)
{
	if (flags & SSTATUS_SIE)
		csr_set(sstatus, SSTATUS_SIE);
}

static inline void arch_irq_enable(void) { csr_set(sstatus, SSTATUS_SIE); }
static inline void arch_irq_disable(void) { csr_clear(sstatus, SSTATUS_SIE); }
static inline bool arch_irqs_disabled(void) { return !(csr_read(sstatus) & SSTATUS_SIE); }

static inline void arch_cpu_relax(void)
{
	/* "pause" (Zihintpause) is a hint encoded as a fence: harmless everywhere. */
	__asm__ __volatile__(".4byte 0x0100000f" ::: "memory");
}

static inline void arch_wait_for_interrupt(void)
{
	__asm__ __volatile__("wfi" ::: "memory");
}

static inline void arch_mmio_barrier(void)
{
	__asm__ __volatile__("fence iorw, iorw" ::: "memory");
}

#endif
