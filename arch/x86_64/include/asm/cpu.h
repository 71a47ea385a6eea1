/*
 * x86_64: the GS base points to this CPU's struct x86_percpu (cpu.c),
 * whose first word is its struct cpu; RFLAGS.IF masks interrupts.
 */
#ifndef ASM_CPU_H
#define ASM_CPU_H

#include <asm/x86.h>

#define ARCH_NAME "x86_64"

static inline struct cpu *arch_this_cpu(void)
{
	struct cpu *c;

	__asm__ __volatile__("movq %%gs:0, %0" : "=r"(c));
	return c;
}

void x86_set_this_cpu(struct cpu *cpu);

static inline void arch_set_this_cpu(struct cpu *cpu)
{
	x86_set_this_cpu(cpu);
}

static inline unsigned long arch_irq_save(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
	return flags & RFLAGS_IF;
}

static inline void arch_irq_restore(unsigned long flags)
{
	if (flags & RFLAGS_IF)
		__asm__ __volatile__("sti" ::: "memory");
}

static inline void arch_irq_enable(void) { __asm__ __volatile__("sti" ::: "memory"); }
static inline void arch_irq_disable(void) { __asm__ __volatile__("cli" ::: "memory"); }

static inline bool arch_irqs_disabled(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushfq; popq %0" : "=r"(flags) : : "memory");
	return !(flags & RFLAGS_IF);
}

static inline void arch_cpu_relax(void)
{
	__asm__ __volatile__("pause" ::: "memory");
}

/*
 * Called with interrupts off, like riscv64's wfi: hlt would never wake
 * then, so interrupts open for the halt only ("sti; hlt" takes no
 * interrupt between the two: sti's shadow), and are off again after.
 */
static inline void arch_wait_for_interrupt(void)
{
	__asm__ __volatile__("sti; hlt; cli" ::: "memory");
}

static inline void arch_mmio_barrier(void)
{
	__asm__ __volatile__("mfence" ::: "memory");
}

#endif
