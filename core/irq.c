/*
 * Interrupt dispatch. The arch trap code brackets every interrupt with
 * irq_enter()/irq_exit(); external lines go through the registered
 * interrupt controller to the handler requested for the line.
 *
 * Lock: irq_lock guards handler registration; dispatch reads the table
 * without it (entries are published before the line is enabled).
 */
#include <core/irq.h>
#include <core/cpu.h>
#include <core/spinlock.h>
#include <core/panic.h>
#include <core/printk.h>
#include <arch/trap.h>
#include <mica/errno.h>

struct irq_desc {
	irq_handler_t handler;
	void *data;
	const char *name;
	u64 count;
};

static struct irq_desc irq_descs[NR_IRQS];
static struct irqchip *chip;
static DEFINE_SPINLOCK(irq_lock);

void (*sched_preempt_hook)(void);

int irqchip_register(struct irqchip *c)
{
	if (chip)
		return -EBUSY;
	chip = c;
	if (c->cpu_init)
		c->cpu_init(c, cpu_id());
	return 0;
}

void irq_cpu_init(unsigned int cpu)
{
	if (chip && chip->cpu_init)
		chip->cpu_init(chip, cpu);
}

int irq_request(unsigned int irq, irq_handler_t fn, void *data, const char *name)
{
	unsigned long flags;

	if (!chip)
		return -ENODEV;
	if (!irq || irq >= NR_IRQS || irq >= chip->nr_irqs || !fn)
		return -EINVAL;
	flags = spin_lock_irqsave(&irq_lock);
	if (irq_descs[irq].handler) {
		spin_unlock_irqrestore(&irq_lock, flags);
		return -EBUSY;
	}
	irq_descs[irq].data = data;
	irq_descs[irq].name = name;
	__atomic_store_n(&irq_descs[irq].handler, fn, __ATOMIC_RELEASE);
	spin_unlock_irqrestore(&irq_lock, flags);
	chip->enable(chip, irq, 0);
	return 0;
}

void irq_release(unsigned int irq)
{
	unsigned long flags;

	if (!chip || !irq || irq >= NR_IRQS)
		return;
	chip->disable(chip, irq);
	flags = spin_lock_irqsave(&irq_lock);
	irq_descs[irq].handler = NULL;
	spin_unlock_irqrestore(&irq_lock, flags);
}

void irq_enter(void)
{
	struct cpu *c = this_cpu();

	c->irq_depth++;
	c->irq_count++;
}

/*
 * Leaving an interrupt: if it interrupted code that may be preempted and
 * the scheduler asked for it, switch tasks now (irqs stay off meanwhile).
 */
void irq_exit(const struct trapframe *tf, bool preemptible_ctx)
{
	struct cpu *c = this_cpu();

	(void)tf;
	c->irq_depth--;
	if (preemptible_ctx && !c->irq_depth && !c->preempt_count &&
	    __atomic_load_n(&c->need_resched, __ATOMIC_RELAXED) && sched_preempt_hook)
		sched_preempt_hook();
}

void irq_handle_external(void)
{
	unsigned int irq;

	if (!chip)
		return;
	while ((irq = chip->claim(chip)) != 0) {
		struct irq_desc *d = irq < NR_IRQS ? &irq_descs[irq] : NULL;
		irq_handler_t fn = d ? __atomic_load_n(&d->handler, __ATOMIC_ACQUIRE) : NULL;

		if (fn) {
			d->count++;
			fn(irq, d->data);
		} else {
			pr_warn("irq: spurious line %u, disabling it\n", irq);
			chip->disable(chip, irq);
		}
		chip->complete(chip, irq);
	}
}

u64 irq_line_count(unsigned int irq)
{
	return irq < NR_IRQS ? irq_descs[irq].count : 0;
}
