/* /proc/stat, /proc/uptime and /proc/loadavg: the system's counters. */
#include "internal.h"
#include <core/cpu.h>
#include <core/clock.h>

static unsigned long ticks(u64 ns)
{
	return (unsigned long)(ns / NS_PER_USER_TICK);
}

struct task_counts {
	unsigned long running, blocked, total;
};

static void count_task(struct task *t, void *arg)
{
	struct task_counts *c = arg;

	if (!t->user)
		return;
	c->total++;
	if (t->state == TASK_RUNNING)
		c->running++;
	else if (t->state == TASK_UNINTERRUPTIBLE)
		c->blocked++;
}

/* Busy time of a CPU: all it did but idle. Not split into user and system
 * time: the scheduler counts run time only, so it is all shown as user. */
static u64 cpu_busy_ns(unsigned int c, u64 now)
{
	u64 idle = sched_cpu_idle_ns(c);

	return now > idle ? now - idle : 0;
}

int proc_show_kstat(struct proc_inode *pi, struct seqbuf *s)
{
	u64 now = clock_ns(), busy = 0, idle = 0, irqs = 0;
	struct task_counts tc = { 0 };
	u64 boot = clock_realtime_ns() - now;

	(void)pi;
	for (unsigned int c = 0; c < nr_cpus; c++) {
		busy += cpu_busy_ns(c, now);
		idle += sched_cpu_idle_ns(c);
		irqs += READ_ONCE(cpus[c].irq_count);
	}
	seq_printf(s, "cpu  %lu 0 0 %lu 0 0 0 0 0 0\n", ticks(busy), ticks(idle));
	for (unsigned int c = 0; c < nr_cpus; c++)
		seq_printf(s, "cpu%u %lu 0 0 %lu 0 0 0 0 0 0\n", c, ticks(cpu_busy_ns(c, now)),
			   ticks(sched_cpu_idle_ns(c)));
	for_each_task(count_task, &tc);
	seq_printf(s, "intr %llu\nctxt %llu\nbtime %llu\nprocesses %d\nprocs_running %lu\n"
		      "procs_blocked %lu\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n",
		   (unsigned long long)irqs, (unsigned long long)sched_nr_switches(),
		   (unsigned long long)(boot / NSEC_PER_SEC), proc_last_pid(),
		   tc.running, tc.blocked);
	return 0;
}

int proc_show_uptime(struct proc_inode *pi, struct seqbuf *s)
{
	u64 now = clock_ns(), idle = 0;

	(void)pi;
	for (unsigned int c = 0; c < nr_cpus; c++)
		idle += sched_cpu_idle_ns(c);
	seq_printf(s, "%llu.%02llu %llu.%02llu\n", (unsigned long long)(now / NSEC_PER_SEC),
		   (unsigned long long)(now % NSEC_PER_SEC / (NSEC_PER_SEC / 100)),
		   (unsigned long long)(idle / NSEC_PER_SEC),
		   (unsigned long long)(idle % NSEC_PER_SEC / (NSEC_PER_SEC / 100)));
	return 0;
}

int proc_show_loadavg(struct proc_inode *pi, struct seqbuf *s)
{
	struct task_counts tc = { 0 };
	unsigned long avg[3];

	(void)pi;
	for_each_task(count_task, &tc);
	sched_loadavg(avg);
	for (int k = 0; k < 3; k++)
		avg[k] += (1UL << 11) / 200;	/* round to two decimals */
	seq_printf(s, "%lu.%02lu %lu.%02lu %lu.%02lu %lu/%lu %d\n",
		   LOADAVG_INT(avg[0]), LOADAVG_FRAC(avg[0]), LOADAVG_INT(avg[1]),
		   LOADAVG_FRAC(avg[1]), LOADAVG_INT(avg[2]), LOADAVG_FRAC(avg[2]),
		   tc.running, tc.total, proc_last_pid());
	return 0;
}
