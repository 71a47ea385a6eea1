/*
 * CPU-level hooks every architecture implements: the per-CPU pointer,
 * interrupt masking on the local CPU, idling and halting.
 */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <mica/types.h>

struct cpu;

/* ARCH_NAME: the architecture as uname -m says it ("riscv64"), from asm/cpu.h. */

static inline struct cpu *arch_this_cpu(void);
static inline void arch_set_this_cpu(struct cpu *cpu);
static inline unsigned long arch_irq_save(void);	/* disable, return old state */
static inline void arch_irq_restore(unsigned long flags);
static inline void arch_irq_enable(void);
static inline void arch_irq_disable(void);
static inline bool arch_irqs_disabled(void);
static inline void arch_cpu_relax(void);		/* spin-wait hint */
static inline void arch_wait_for_interrupt(void);	/* may return spuriously */
static inline void arch_mmio_barrier(void);

__attribute__((noreturn)) void arch_halt(void);		/* irqs off, stop forever */

#include <asm/cpu.h>

#endif
