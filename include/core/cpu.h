/*
 * Per-CPU state. Each CPU reaches its own struct cpu through the arch
 * per-CPU register (tp on riscv64). Fields are tagged with what protects
 * them: [o] only touched by the owning CPU (with irqs or preemption off),
 * [a] atomic, [I] immutable once the CPU is online, [s] scheduler's rq lock.
 */
#ifndef CORE_CPU_H
#define CORE_CPU_H

#include <mica/compiler.h>
#include <mica/atomic.h>
#include <arch/cpu.h>

#define NR_CPUS 32

struct task;

struct cpu {
	/* entry.S relies on these two being first: see arch/riscv64/entry.S. */
	unsigned long user_sp_scratch;	/* [o] user sp while entering a trap */
	unsigned long kernel_sp;	/* [o] top of current task's kernel stack */

	unsigned int id;		/* [I] logical CPU number, boot CPU is 0 */
	unsigned long hwid;		/* [I] hart id / APIC id */
	bool online;			/* [a] */
	int preempt_count;		/* [o] >0: no preemption on this CPU */
	int irq_depth;			/* [o] >0: in an interrupt handler */
	bool need_resched;		/* [a] set by the scheduler, read on irq exit */
	struct task *curr_task;		/* [s] task running here */
	unsigned long ipi_pending;	/* [a] bit set of enum ipi_type */
	unsigned long boot_stack_top;	/* [I] stack for the first entry */
	u64 irq_count;			/* [o] interrupts taken */
};

extern struct cpu cpus[NR_CPUS];
extern unsigned int nr_cpus;		/* CPUs found in the device tree */

static inline struct cpu *this_cpu(void) { return arch_this_cpu(); }
static inline unsigned int cpu_id(void) { return arch_this_cpu()->id; }
static inline struct task *current_task(void) { return arch_this_cpu()->curr_task; }
#define current (current_task())

static inline void preempt_disable(void)
{
	this_cpu()->preempt_count++;
	barrier();
}

/* Does not reschedule by itself: a pending preemption happens at the next
 * irq exit or explicit schedule point. */
void preempt_enable(void);
static inline bool in_irq(void) { return this_cpu()->irq_depth > 0; }

static inline unsigned long local_irq_save(void) { return arch_irq_save(); }
static inline void local_irq_restore(unsigned long f) { arch_irq_restore(f); }
static inline void local_irq_enable(void) { arch_irq_enable(); }
static inline void local_irq_disable(void) { arch_irq_disable(); }
static inline void cpu_relax(void) { arch_cpu_relax(); }

/* Set by the scheduler: called with irqs off when an irq returns to
 * preemptible kernel code or user mode and need_resched is set. */
extern void (*sched_preempt_hook)(void);

#define for_each_online_cpu(c) \
	for (unsigned int c = 0; c < nr_cpus; c++) if (READ_ONCE(cpus[c].online))

#endif
