/*
 * Inter-processor interrupts: a sender sets a bit in the target's
 * ipi_pending word and raises the arch IPI; the target handles every bit
 * it finds set. Cross-calls are queued on the target under its call lock.
 */
#include <core/ipi.h>
#include <core/cpu.h>
#include <core/spinlock.h>
#include <core/clock.h>
#include <core/panic.h>
#include <arch/smp.h>
#include <lib/list.h>
#include <mica/errno.h>

struct call {
	struct list_head link;
	void (*fn)(void *);
	void *arg;
	int done;
};

struct call_queue {
	spinlock_t lock;
	struct list_head calls;
};

static struct call_queue call_queues[NR_CPUS];

static void call_queues_init_once(void)
{
	static bool done;

	if (done)
		return;
	for (int i = 0; i < NR_CPUS; i++) {
		spin_lock_init(&call_queues[i].lock, "call_queue");
		INIT_LIST_HEAD(&call_queues[i].calls);
	}
	done = true;
}

void ipi_send(unsigned int cpu, enum ipi_type type)
{
	atomic_or_ulong(&cpus[cpu].ipi_pending, 1UL << type);
	arch_send_ipi(cpus[cpu].hwid);
}

void ipi_send_others(enum ipi_type type)
{
	unsigned int me = cpu_id();

	for_each_online_cpu(c)
		if (c != me)
			ipi_send(c, type);
}

static void run_calls(void)
{
	struct call_queue *q = &call_queues[cpu_id()];

	for (;;) {
		struct call *call;

		spin_lock(&q->lock);
		call = list_first_entry_or_null(&q->calls, struct call, link);
		if (call)
			list_del(&call->link);
		spin_unlock(&q->lock);
		if (!call)
			return;
		call->fn(call->arg);
		smp_store_release(&call->done, 1);
	}
}

void ipi_handle(void)
{
	struct cpu *c = this_cpu();
	unsigned long pending;

	arch_ipi_clear();
	pending = atomic_xchg_ulong(&c->ipi_pending, 0);
	if (pending & (1UL << IPI_STOP))
		arch_halt();
	if (pending & (1UL << IPI_CALL))
		run_calls();
	if (pending & (1UL << IPI_TIMER))
		clock_reprogram();
	if (pending & (1UL << IPI_RESCHEDULE))
		__atomic_store_n(&c->need_resched, true, __ATOMIC_RELAXED);
}

int smp_call_on_cpu(unsigned int cpu, void (*fn)(void *), void *arg)
{
	struct call call = { .fn = fn, .arg = arg, .done = 0 };
	struct call_queue *q;
	unsigned long flags;

	call_queues_init_once();
	if (cpu >= nr_cpus || !READ_ONCE(cpus[cpu].online))
		return -ENXIO;
	preempt_disable();
	if (cpu == cpu_id()) {
		flags = local_irq_save();
		fn(arg);
		local_irq_restore(flags);
		preempt_enable();
		return 0;
	}
	q = &call_queues[cpu];
	flags = spin_lock_irqsave(&q->lock);
	list_add_tail(&call.link, &q->calls);
	spin_unlock_irqrestore(&q->lock, flags);
	ipi_send(cpu, IPI_CALL);
	/*
	 * Wait with interrupts as the caller had them: a caller with irqs off
	 * could deadlock against a CPU calling it back, so it must not be one.
	 */
	WARN_ON_ONCE(arch_irqs_disabled());
	while (!smp_load_acquire(&call.done))
		cpu_relax();
	preempt_enable();
	return 0;
}

void smp_call_on_all(void (*fn)(void *), void *arg)
{
	for_each_online_cpu(c)
		smp_call_on_cpu(c, fn, arg);
	if (!READ_ONCE(this_cpu()->online)) {
		unsigned long flags = local_irq_save();

		fn(arg);
		local_irq_restore(flags);
	}
}
