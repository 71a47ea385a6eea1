/* The system's vital figures, random bytes and CPU affinity. (Clocks: clocks.c.) */
#include <kernel/syscall.h>
#include <kernel/sched.h>
#include <kernel/proc.h>
#include <core/clock.h>
#include <core/mm.h>
#include <lib/string.h>
#include <kernel/random.h>

struct ksysinfo {
	long uptime;
	unsigned long loads[3];
	unsigned long totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	u16 procs, pad;
	unsigned long totalhigh, freehigh;
	u32 mem_unit;
	char _f[0];
};

SYSCALL_DEFINE1(sysinfo, uptr_t, info)
{
	struct ksysinfo si;

	memset(&si, 0, sizeof(si));
	si.uptime = (long)(clock_ns() / NSEC_PER_SEC);
	si.totalram = frame_total_count() * PAGE_SIZE;
	si.freeram = frame_free_count() * PAGE_SIZE;
	si.procs = (u16)MIN(sched_live_tasks(), 65535UL);
	si.mem_unit = 1;
	return copy_to_user(info, &si, sizeof(si));
}

SYSCALL_DEFINE3(getrandom, uptr_t, buf, size_t, len, unsigned int, flags)
{
	size_t done = 0;

	if (flags & ~7U)
		return -EINVAL;
	while (done < len) {
		u64 r = random_u64();
		size_t chunk = MIN(len - done, sizeof(r));

		if (copy_to_user(buf + done, &r, chunk))
			return done ? (long)done : -EFAULT;
		done += chunk;
	}
	return (long)done;
}

SYSCALL_DEFINE3(sched_getaffinity, int, pid, size_t, len, uptr_t, mask)
{
	struct process *p;
	cpumask_t m;
	size_t n;

	if (len < sizeof(unsigned long) || len % sizeof(unsigned long))
		return -EINVAL;
	spin_lock(&proc_tree_lock);
	p = pid ? proc_find(pid) : current_process();
	m = p && p->task ? p->task->cpus_allowed : 0;
	spin_unlock(&proc_tree_lock);
	if (!p)
		return -ESRCH;
	m &= (nr_cpus >= 64) ? ~0ULL : (1ULL << nr_cpus) - 1;
	n = MIN(len, sizeof(m));
	if (copy_to_user(mask, &m, n) || (len > n && clear_user(mask + n, len - n)))
		return -EFAULT;
	return (long)MIN(len, (size_t)DIV_ROUND_UP(NR_CPUS, 64) * 8);
}

SYSCALL_DEFINE3(sched_setaffinity, int, pid, size_t, len, uptr_t, umask)
{
	struct process *p;
	struct task *t;
	cpumask_t m = 0;
	long err;

	if (copy_from_user(&m, umask, MIN(len, sizeof(m))))
		return -EFAULT;
	spin_lock(&proc_tree_lock);
	p = pid ? proc_find(pid) : current_process();
	t = p ? p->task : NULL;
	if (t)
		task_get(t);
	spin_unlock(&proc_tree_lock);
	if (!t)
		return -ESRCH;
	err = task_set_affinity(t, m);
	task_put(t);
	return err;
}
