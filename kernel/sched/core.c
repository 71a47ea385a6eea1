/*
 * The scheduler: one FIFO run queue per CPU with round-robin time slices.
 *
 * The running task stays on_rq but is not in rq->queue. A task switched
 * out keeps on_cpu set until the next task has finished the switch on
 * that CPU (sched_finish_switch), and nobody may run or move a task while
 * on_cpu is set: its registers are not saved before then. The rq lock is
 * held across the switch and released by the task switched to.
 *
 * The slice timer is armed only while tasks wait in the queue, so a CPU
 * with one task, or none, takes no timer interrupts at all.
 */
#include "sched_internal.h"
#include <kernel/mm.h>
#include <core/ipi.h>
#include <core/panic.h>
#include <core/printk.h>
#include <mica/errno.h>

struct rq runqueues[NR_CPUS];

unsigned int rq_load(const struct rq *rq)
{
	return READ_ONCE(rq->nr_queued) + (READ_ONCE(rq->curr) != rq->idle);
}

unsigned int sched_nr_queued(unsigned int cpu)
{
	return READ_ONCE(runqueues[cpu].nr_queued);
}

bool sched_cpu_busy(unsigned int cpu)
{
	return READ_ONCE(runqueues[cpu].curr) != runqueues[cpu].idle;
}

u64 sched_cpu_idle_ns(unsigned int cpu)
{
	struct rq *rq = &runqueues[cpu];
	struct task *idle = rq->idle;
	u64 ns;

	if (!idle)
		return 0;
	ns = READ_ONCE(idle->runtime_ns);
	if (READ_ONCE(rq->curr) == idle) {
		u64 now = clock_ns(), in = READ_ONCE(idle->switched_in_ns);

		if (now > in)
			ns += now - in;
	}
	return ns;
}

u64 sched_nr_switches(void)
{
	u64 n = 0;

	for (unsigned int c = 0; c < NR_CPUS; c++)
		n += READ_ONCE(runqueues[c].nr_switches);
	return n;
}

void set_current_state(long state)
{
	WRITE_ONCE(current->state, state);
	smp_mb();
}

/*
 * A waker checks the state and acts on it under pi_lock; a task entering a
 * state that must not be undone by a wake-up meant for an earlier sleep
 * (TASK_DEAD, TASK_STOPPED) therefore writes it under that lock too, or a
 * waker that saw the old sleep could make the task runnable again.
 */
void set_special_state(long state)
{
	unsigned long flags = spin_lock_irqsave(&current->pi_lock);

	WRITE_ONCE(current->state, state);
	spin_unlock_irqrestore(&current->pi_lock, flags);
	smp_mb();
}

void might_sleep(void)
{
	if (unlikely(this_cpu()->preempt_count || in_irq() || arch_irqs_disabled()))
		panic("sleeping function called from atomic context (preempt %d, irq %d)",
		      this_cpu()->preempt_count, this_cpu()->irq_depth);
}

/* Ask cpu to reschedule: a flag for this CPU, an IPI for another. */
static void resched_cpu(unsigned int cpu)
{
	if (cpu == cpu_id())
		__atomic_store_n(&cpus[cpu].need_resched, true, __ATOMIC_RELAXED);
	else
		ipi_send(cpu, IPI_RESCHEDULE);
}

void enqueue_locked(struct rq *rq, struct task *t)
{
	assert_spin_locked(&rq->lock);
	list_add_tail(&t->rq_link, &rq->queue);
	rq->nr_queued++;
	t->on_rq = true;
	if (rq->curr == rq->idle)
		resched_cpu(rq->cpu);
	else if (!timer_pending(&rq->slice_timer))
		timer_arm_on(&rq->slice_timer, clock_ticks() + ns_to_ticks(SCHED_SLICE_NS),
			     rq->cpu);
}

void dequeue_locked(struct rq *rq, struct task *t)
{
	assert_spin_locked(&rq->lock);
	list_del_init(&t->rq_link);
	rq->nr_queued--;
}

struct rq *task_rq_lock(struct task *t)
{
	for (;;) {
		unsigned int cpu = READ_ONCE(t->cpu);
		struct rq *rq = &runqueues[cpu];

		spin_lock(&rq->lock);
		if (READ_ONCE(t->cpu) == cpu)
			return rq;
		spin_unlock(&rq->lock);
	}
}

void activate_task(struct task *t)
{
	unsigned int cpu = select_task_cpu(t);
	struct rq *rq = &runqueues[cpu];

	spin_lock(&rq->lock);
	if (t->cpu != cpu)
		sched_count_migration();
	t->cpu = cpu;
	enqueue_locked(rq, t);
	spin_unlock(&rq->lock);
}

bool wake_up_process(struct task *t)
{
	return wake_up_state(t, ~(long)(TASK_RUNNING | TASK_DEAD));
}

bool wake_up_state(struct task *t, long mask)
{
	unsigned long flags = spin_lock_irqsave(&t->pi_lock);
	struct rq *rq;

	if (!(READ_ONCE(t->state) & mask) || t->state == TASK_DEAD) {
		spin_unlock_irqrestore(&t->pi_lock, flags);
		return false;
	}
	rq = task_rq_lock(t);
	if (t->on_rq) {
		/* Still on its CPU (about to sleep, or preempted before it could). */
		WRITE_ONCE(t->state, TASK_RUNNING);
		spin_unlock(&rq->lock);
		spin_unlock_irqrestore(&t->pi_lock, flags);
		return true;
	}
	spin_unlock(&rq->lock);
	/* Off every queue; its context may still be being saved. */
	while (smp_load_acquire(&t->on_cpu))
		cpu_relax();
	WRITE_ONCE(t->state, TASK_RUNNING);
	activate_task(t);
	spin_unlock_irqrestore(&t->pi_lock, flags);
	return true;
}

void task_kick(struct task *t)
{
	if (!wake_up_process(t))
		task_kick_running(t);
}

void task_kick_running(struct task *t)
{
	unsigned int cpu;

	preempt_disable();
	cpu = READ_ONCE(t->cpu);
	if (READ_ONCE(t->on_cpu) && cpu != cpu_id())
		ipi_send(cpu, IPI_RESCHEDULE);	/* it traps, and looks on its way out */
	preempt_enable();
}

void task_start(struct task *t)
{
	unsigned long flags = spin_lock_irqsave(&t->pi_lock);

	t->cpu = cpu_id();
	activate_task(t);
	spin_unlock_irqrestore(&t->pi_lock, flags);
}

/*
 * Pick the next task and switch to it. Entered with irqs off. With
 * preempt, prev stays runnable whatever its state: it was interrupted,
 * possibly between announcing a sleep and calling schedule().
 */
static void __schedule(bool preempt)
{
	struct cpu *c = this_cpu();
	struct rq *rq = &runqueues[c->id];
	struct task *prev = rq->curr, *next;

	if (unlikely(prev->stack && *(u64 *)prev->stack != STACK_CANARY))
		panic("kernel stack overflow in task %s (tid %d)", prev->name, prev->tid);
	spin_lock(&rq->lock);
	__atomic_store_n(&c->need_resched, false, __ATOMIC_RELAXED);
	if (prev != rq->idle) {
		if (!preempt && prev->state != TASK_RUNNING) {
			prev->on_rq = false;
		} else if (!(prev->cpus_allowed & cpumask_of(c->id))) {
			prev->on_rq = false;
			prev->migrate_pending = true;
		} else {
			list_add_tail(&prev->rq_link, &rq->queue);
			rq->nr_queued++;
		}
	}
	next = list_first_entry_or_null(&rq->queue, struct task, rq_link);
	if (next)
		dequeue_locked(rq, next);
	else
		next = rq->idle;

	if (rq->nr_queued && next != rq->idle)
		timer_arm_on(&rq->slice_timer, clock_ticks() + ns_to_ticks(SCHED_SLICE_NS), c->id);
	else
		timer_cancel(&rq->slice_timer);

	if (next == prev) {
		spin_unlock(&rq->lock);
		return;
	}
	/* A task queued here has been fully switched out everywhere. */
	BUG_ON(smp_load_acquire(&next->on_cpu));
	{
		u64 now = clock_ns();

		prev->runtime_ns += now - prev->switched_in_ns;
		next->switched_in_ns = now;
	}
	WRITE_ONCE(next->on_cpu, 1);
	rq->nr_switches++;
	rq->prev = prev;
	rq->curr = next;
	c->curr_task = next;
	/* User state that lives in the CPU: FPU registers and the address space. */
	if (prev->user)
		arch_fp_save(&prev->fp);
	if (next->mm != mm_active())
		mm_switch(next->mm);
	if (next->user)
		arch_fp_restore(&next->fp);
	arch_context_switch(&prev->ctx, &next->ctx);
	/* Back in prev, maybe on another CPU. */
	sched_finish_switch();
}

void sched_finish_switch(void)
{
	struct rq *rq = this_rq();
	struct task *prev = rq->prev;
	bool migrate = prev->migrate_pending, dead = prev->state == TASK_DEAD;

	prev->migrate_pending = false;
	smp_store_release(&prev->on_cpu, 0);
	spin_unlock(&rq->lock);
	if (migrate) {
		spin_lock(&prev->pi_lock);
		activate_task(prev);
		spin_unlock(&prev->pi_lock);
	}
	if (dead) {
		complete_all(&prev->exited);
		task_put(prev);
	}
}

void schedule(void)
{
	unsigned long flags;

	if (unlikely(this_cpu()->preempt_count || in_irq()))
		panic("scheduling while atomic (preempt %d, irq %d) in %s",
		      this_cpu()->preempt_count, this_cpu()->irq_depth, current->name);
	flags = local_irq_save();
	__schedule(false);
	local_irq_restore(flags);
}

/* Called on irq exit with irqs off when need_resched is set. */
static void sched_preempt_irq(void)
{
	__schedule(true);
}

void sched_yield(void)
{
	schedule();
}

u64 task_sched_runtime(struct task *t)
{
	unsigned long flags = local_irq_save();
	struct rq *rq = task_rq_lock(t);
	u64 ns = t->runtime_ns;

	if (rq->curr == t)
		ns += clock_ns() - t->switched_in_ns;
	spin_unlock(&rq->lock);
	local_irq_restore(flags);
	return ns;
}

struct sleeper {
	struct timer timer;
	struct task *task;
};

static void sleeper_fire(struct timer *t)
{
	wake_up_process(container_of(t, struct sleeper, timer)->task);
}

u64 schedule_timeout(u64 ns)
{
	struct sleeper s = { .task = current };
	u64 deadline = clock_ticks() + ns_to_ticks(ns), now;

	timer_init(&s.timer, sleeper_fire);
	timer_arm(&s.timer, deadline);
	schedule();
	timer_cancel_sync(&s.timer);
	now = clock_ticks();
	return now >= deadline ? 0 : ticks_to_ns(deadline - now);
}

void sleep_ns(u64 ns)
{
	u64 deadline = clock_ns() + ns;

	for (;;) {
		u64 now = clock_ns();

		if (now >= deadline)
			return;
		set_current_state(TASK_UNINTERRUPTIBLE);
		schedule_timeout(deadline - now);
	}
}

int task_set_affinity(struct task *t, cpumask_t mask)
{
	cpumask_t online = 0;
	unsigned long flags;
	struct rq *rq;

	for_each_online_cpu(c)
		online |= cpumask_of(c);
	if (!(mask & online))
		return -EINVAL;
	flags = spin_lock_irqsave(&t->pi_lock);
	t->cpus_allowed = mask;
	rq = task_rq_lock(t);
	if (!(mask & cpumask_of(t->cpu))) {
		if (rq->curr == t) {
			/* Running: it moves when it next passes through __schedule. */
			resched_cpu(t->cpu);
		} else if (t->on_rq) {
			dequeue_locked(rq, t);
			t->on_rq = false;
			spin_unlock(&rq->lock);
			activate_task(t);
			spin_unlock_irqrestore(&t->pi_lock, flags);
			goto out;
		}
	}
	spin_unlock(&rq->lock);
	spin_unlock_irqrestore(&t->pi_lock, flags);
out:
	if (t == current && !(mask & cpumask_of(cpu_id())))
		schedule();
	return 0;
}

static void slice_expired(struct timer *timer)
{
	struct rq *rq = container_of(timer, struct rq, slice_timer);

	if (READ_ONCE(rq->nr_queued))
		__atomic_store_n(&this_cpu()->need_resched, true, __ATOMIC_RELAXED);
	balance_tick(rq);
}

static void rq_init(struct rq *rq, unsigned int cpu)
{
	spin_lock_init(&rq->lock, "rq.lock");
	INIT_LIST_HEAD(&rq->queue);
	rq->cpu = cpu;
	timer_init(&rq->slice_timer, slice_expired);
}

/* Turn the context running on this CPU into its idle task. */
static void make_idle_task(struct task *idle, unsigned int cpu)
{
	struct rq *rq = &runqueues[cpu];

	task_init_common(idle, "idle");
	idle->cpu = cpu;
	idle->cpus_allowed = cpumask_of(cpu);
	idle->on_cpu = 1;
	idle->on_rq = true;
	rq->idle = rq->curr = idle;
	cpus[cpu].curr_task = idle;
}

static struct task idle_tasks[NR_CPUS];

void sched_init(void)
{
	for (unsigned int i = 0; i < NR_CPUS; i++)
		rq_init(&runqueues[i], i);
	make_idle_task(&idle_tasks[0], 0);
	sched_preempt_hook = sched_preempt_irq;
}

void sched_cpu_init(void)
{
	make_idle_task(&idle_tasks[cpu_id()], cpu_id());
}

/*
 * The idle loop. Sleeps in wait-for-interrupt with irqs masked so that a
 * wake-up IPI arriving after the queue check still ends the wait.
 */
void cpu_idle(void)
{
	struct rq *rq = this_rq();
	struct cpu *c = this_cpu();

	for (;;) {
		if (READ_ONCE(rq->nr_queued) || idle_pull(rq)) {
			schedule();
			continue;
		}
		local_irq_disable();
		if (!READ_ONCE(rq->nr_queued) && !__atomic_load_n(&c->need_resched, __ATOMIC_RELAXED))
			arch_wait_for_interrupt();
		local_irq_enable();
	}
}

static atomic_long_t migrations;

void sched_count_migration(void)
{
	atomic_long_add(&migrations, 1);
}

u64 sched_nr_migrations(void)
{
	return atomic_long_read(&migrations);
}
