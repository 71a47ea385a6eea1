/*
 * Device interrupts: one interrupt controller (the PLIC on riscv64) routes
 * numbered lines; handlers run with interrupts off on the CPU that claimed.
 */
#ifndef CORE_IRQ_H
#define CORE_IRQ_H

#include <mica/types.h>

struct trapframe;

#define NR_IRQS 128

typedef void (*irq_handler_t)(unsigned int irq, void *data);

struct irqchip {
	const char *name;
	unsigned int nr_irqs;
	unsigned int (*claim)(struct irqchip *chip);	/* 0: none pending */
	void (*complete)(struct irqchip *chip, unsigned int irq);
	void (*enable)(struct irqchip *chip, unsigned int irq, unsigned int cpu);
	void (*disable)(struct irqchip *chip, unsigned int irq);
	void (*cpu_init)(struct irqchip *chip, unsigned int cpu);
	void *priv;
};

int irqchip_register(struct irqchip *chip);
/* Route line irq to the boot CPU and call fn for it. -EBUSY, -EINVAL, -ENODEV. */
int irq_request(unsigned int irq, irq_handler_t fn, void *data, const char *name);
void irq_release(unsigned int irq);
void irq_cpu_init(unsigned int cpu);

/* Called by the arch trap code. */
void irq_enter(void);
void irq_exit(const struct trapframe *tf, bool preemptible_ctx);
void irq_handle_external(void);
u64 irq_line_count(unsigned int irq);

#endif
