/* Time system calls: clocks, sleeping, and the system's vital figures. */
#include <kernel/syscall.h>
#include <kernel/sched.h>
#include <kernel/proc.h>
#include <core/clock.h>
#include <core/mm.h>
#include <lib/string.h>
#include <kernel/random.h>

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7
#define TIMER_ABSTIME 1

struct ktimespec {
	s64 tv_sec;
	long tv_nsec;
};

static int clock_read(int id, u64 *ns)
{
	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		*ns = clock_realtime_ns();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		*ns = clock_ns();
		return 0;
	default:
		return -EINVAL;	/* CPU-time clocks need accounting: not yet */
	}
}

static int put_timespec(uptr_t u, u64 ns)
{
	struct ktimespec ts = { (s64)(ns / NSEC_PER_SEC), (long)(ns % NSEC_PER_SEC) };

	return copy_to_user(u, &ts, sizeof(ts));
}

static int get_timespec(uptr_t u, u64 *ns)
{
	struct ktimespec ts;

	if (copy_from_user(&ts, u, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (long)NSEC_PER_SEC)
		return -EINVAL;
	*ns = (u64)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
	return 0;
}

SYSCALL_DEFINE2(clock_gettime, int, id, uptr_t, tp)
{
	u64 ns;
	int err = clock_read(id, &ns);

	return err ? err : put_timespec(tp, ns);
}

SYSCALL_DEFINE2(clock_getres, int, id, uptr_t, res)
{
	u64 ns;
	int err = clock_read(id, &ns);

	if (err)
		return err;
	return res ? put_timespec(res, DIV_ROUND_UP(NSEC_PER_SEC, clock_freq)) : 0;
}

SYSCALL_DEFINE2(gettimeofday, uptr_t, tv, uptr_t, tz)
{
	u64 ns = clock_realtime_ns();
	struct {
		s64 sec;
		s64 usec;
	} t = { (s64)(ns / NSEC_PER_SEC), (s64)(ns % NSEC_PER_SEC / NSEC_PER_USEC) };

	if (tv && copy_to_user(tv, &t, sizeof(t)))
		return -EFAULT;
	if (tz && clear_user(tz, 8))
		return -EFAULT;
	return 0;
}

/* Sleep until the clock reaches deadline (ns). No signals yet: never early. */
static void sleep_until(int id, u64 deadline)
{
	u64 now;

	while (clock_read(id, &now) == 0 && now < deadline)
		sleep_ns(deadline - now);
}

SYSCALL_DEFINE4(clock_nanosleep, int, id, int, flags, uptr_t, req, uptr_t, rem)
{
	u64 ns, now;
	int err;

	if (id == CLOCK_PROCESS_CPUTIME_ID || id == CLOCK_THREAD_CPUTIME_ID)
		return -EINVAL;
	err = clock_read(id, &now);
	if (!err)
		err = get_timespec(req, &ns);
	if (err)
		return err;
	sleep_until(id, (flags & TIMER_ABSTIME) ? ns : now + ns);
	if (rem && !(flags & TIMER_ABSTIME) && put_timespec(rem, 0))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(nanosleep, uptr_t, req, uptr_t, rem)
{
	u64 ns;
	int err = get_timespec(req, &ns);

	if (err)
		return err;
	sleep_until(CLOCK_MONOTONIC, clock_ns() + ns);
	return rem ? put_timespec(rem, 0) : 0;
}

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
