/*
 * Spreading tasks over CPUs: wake-ups go to an idle CPU the task may use,
 * an idle CPU pulls waiting tasks from the busiest run queue, and a busy
 * CPU's slice timer kicks an idle CPU to come and pull. Load figures read
 * without locks are hints; moves happen under both run queue locks.
 */
#include "sched_internal.h"
#include <core/ipi.h>

static bool cpu_usable(struct task *t, unsigned int cpu)
{
	return cpu < nr_cpus && READ_ONCE(cpus[cpu].online) && (t->cpus_allowed & cpumask_of(cpu));
}

/* Where a task that becomes runnable should go; t->pi_lock held. */
unsigned int select_task_cpu(struct task *t)
{
	unsigned int prev = t->cpu, best = prev, best_load = ~0U;

	if (cpu_usable(t, prev) && rq_load(&runqueues[prev]) == 0)
		return prev;
	for (unsigned int i = 0; i < nr_cpus; i++) {
		unsigned int cpu = (prev + i) % nr_cpus;
		unsigned int load;

		if (!cpu_usable(t, cpu))
			continue;
		load = rq_load(&runqueues[cpu]);
		if (load == 0)
			return cpu;
		/* Stay put on a tie: the cache is warm there. */
		if (load < best_load || (load == best_load && cpu == prev)) {
			best = cpu;
			best_load = load;
		}
	}
	if (best_load == ~0U)	/* nothing allowed is online: any online CPU */
		return cpu_id();
	return best;
}

static void double_lock(struct rq *a, struct rq *b)
{
	if (a->cpu < b->cpu) {
		spin_lock(&a->lock);
		spin_lock(&b->lock);
	} else {
		spin_lock(&b->lock);
		spin_lock(&a->lock);
	}
}

static void double_unlock(struct rq *a, struct rq *b)
{
	spin_unlock(&a->lock);
	spin_unlock(&b->lock);
}

/* Move one waiting task that may run on dst from src to dst. Both locked. */
static bool move_one_locked(struct rq *src, struct rq *dst)
{
	struct task *t;

	list_for_each_entry(t, &src->queue, rq_link) {
		if (!(t->cpus_allowed & cpumask_of(dst->cpu)) || READ_ONCE(t->on_cpu))
			continue;
		dequeue_locked(src, t);
		t->cpu = dst->cpu;
		sched_count_migration();
		enqueue_locked(dst, t);
		return true;
	}
	return false;
}

/* Called by an idle CPU: take a task from the CPU with most waiting. */
bool idle_pull(struct rq *this)
{
	struct rq *busiest = NULL;
	unsigned int most = 0;
	unsigned long flags;
	bool moved;

	for (unsigned int cpu = 0; cpu < nr_cpus; cpu++) {
		struct rq *rq = &runqueues[cpu];
		unsigned int q = READ_ONCE(rq->nr_queued);

		if (rq != this && q > most) {
			most = q;
			busiest = rq;
		}
	}
	if (!busiest)
		return false;
	flags = local_irq_save();
	double_lock(this, busiest);
	moved = move_one_locked(busiest, this);
	double_unlock(this, busiest);
	local_irq_restore(flags);
	return moved;
}

/*
 * From the slice timer of a CPU with tasks waiting: wake an idle CPU to
 * pull, or push a task to a CPU that has at least two fewer.
 */
void balance_tick(struct rq *rq)
{
	unsigned int mine = rq_load(rq), least = ~0U;
	struct rq *target = NULL;

	if (mine < 2)
		return;
	for (unsigned int cpu = 0; cpu < nr_cpus; cpu++) {
		unsigned int load;

		if (cpu == rq->cpu || !READ_ONCE(cpus[cpu].online))
			continue;
		load = rq_load(&runqueues[cpu]);
		if (load < least) {
			least = load;
			target = &runqueues[cpu];
		}
	}
	if (!target || least + 2 > mine)
		return;
	if (least == 0) {
		ipi_send(target->cpu, IPI_RESCHEDULE);
		return;
	}
	double_lock(rq, target);
	move_one_locked(rq, target);
	double_unlock(rq, target);
}
