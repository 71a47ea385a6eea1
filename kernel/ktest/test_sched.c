/* Self tests of kernel threads, affinity, preemption and load balancing. */
#include <kernel/ktest.h>
#include <kernel/sched.h>
#include <core/clock.h>
#include <core/cpu.h>
#include <mica/err.h>
#include <mica/errno.h>

static void exit_with_arg(void *arg)
{
	task_exit((int)(long)arg);
}

KTEST(kthread_exit_code)
{
	struct task *t[8];

	for (long i = 0; i < 8; i++) {
		t[i] = kthread_run("exiter", exit_with_arg, (void *)(40 + i));
		KT_ASSERT(!IS_ERR(t[i]));
	}
	for (long i = 0; i < 8; i++)
		KT_ASSERT_EQ(task_join(t[i]), 40 + i);
	return 0;
}

KTEST(affinity_pin)
{
	u64 migrations = sched_nr_migrations();

	for (int round = 0; round < 3; round++)
		for_each_online_cpu(c) {
			KT_ASSERT(task_set_affinity(current, cpumask_of(c)) == 0);
			KT_ASSERT_EQ(cpu_id(), c);
			KT_ASSERT(current->cpu == c);
		}
	KT_ASSERT(task_set_affinity(current, 0) == -EINVAL);
	if (nr_cpus < NR_CPUS)	/* only CPUs that do not exist */
		KT_ASSERT(task_set_affinity(current, cpumask_of(NR_CPUS - 1)) == -EINVAL);
	KT_ASSERT(nr_cpus == 1 || sched_nr_migrations() > migrations);
	KT_ASSERT(task_set_affinity(current, CPUMASK_ALL) == 0);
	return 0;
}

struct spin_pair {
	int flag;
	bool timed_out;
};

/* Spins without ever yielding until the other task, on the same CPU, runs. */
static void spinner(void *arg)
{
	struct spin_pair *sp = arg;
	u64 deadline = clock_ns() + 2 * NSEC_PER_SEC;

	while (!READ_ONCE(sp->flag))
		if (clock_ns() > deadline) {
			sp->timed_out = true;
			return;
		}
}

static void setter(void *arg)
{
	WRITE_ONCE(((struct spin_pair *)arg)->flag, 1);
}

KTEST(preempt_busy_loop)
{
	struct spin_pair sp = { 0 };
	unsigned int cpu = nr_cpus - 1;
	struct task *a = kthread_create("spinner", spinner, &sp);
	struct task *b = kthread_create("setter", setter, &sp);

	KT_ASSERT(!IS_ERR(a) && !IS_ERR(b));
	task_set_affinity(a, cpumask_of(cpu));
	task_set_affinity(b, cpumask_of(cpu));
	task_start(a);
	task_start(b);
	task_join(a);
	task_join(b);
	KT_ASSERT(!sp.timed_out);
	return 0;
}

struct spread {
	unsigned long cpus_seen;	/* union over all workers */
	int release;
};

static void busy_worker(void *arg)
{
	struct spread *s = arg;
	u64 end = clock_ns() + 150 * NSEC_PER_MSEC;

	while (!READ_ONCE(s->release))
		cpu_relax();
	while (clock_ns() < end)
		atomic_or_ulong(&s->cpus_seen, 1UL << cpu_id());
}

/* Tasks all queued on CPU 0 spread over every CPU by balancing. */
KTEST(balance_spread)
{
	struct spread s = { 0 };
	struct task *t[NR_CPUS * 2];
	unsigned int n = nr_cpus * 2;
	unsigned long all = 0;

	for (unsigned int i = 0; i < n; i++) {
		t[i] = kthread_create("busy", busy_worker, &s);
		KT_ASSERT(!IS_ERR(t[i]));
		task_set_affinity(t[i], cpumask_of(0));
		task_start(t[i]);
	}
	for (unsigned int i = 0; i < n; i++)
		task_set_affinity(t[i], CPUMASK_ALL);
	WRITE_ONCE(s.release, 1);
	for (unsigned int i = 0; i < n; i++)
		task_join(t[i]);
	for_each_online_cpu(c)
		all |= 1UL << c;
	KT_ASSERT_EQ(s.cpus_seen, all);
	return 0;
}

static void sleepy(void *arg)
{
	u64 seed = (u64)(unsigned long)arg * 2654435761ULL + 1;

	for (int i = 0; i < 20; i++)
		sleep_ns(ktest_rand(&seed) % (2 * NSEC_PER_MSEC));
}

KTEST(many_sleepers)
{
	struct task *t[64];

	for (long i = 0; i < 64; i++) {
		t[i] = kthread_run("sleepy", sleepy, (void *)(i + 1));
		KT_ASSERT(!IS_ERR(t[i]));
	}
	for (int i = 0; i < 64; i++)
		task_join(t[i]);
	return 0;
}
