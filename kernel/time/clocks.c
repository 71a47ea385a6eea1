/*
 * The POSIX clocks: reading and setting them, their resolution, and
 * sleeping on them (nanosleep, clock_nanosleep, restart_syscall).
 *
 * CLOCK_BOOTTIME equals CLOCK_MONOTONIC (no suspend), and the coarse and
 * raw clocks read the same counter as the precise ones. Setting the wall
 * clock moves CLOCK_REALTIME only; timers and sleeps armed for an absolute
 * wall-clock time follow it (ktimer_clock_was_set, clock_set_wq).
 */
#include <kernel/time.h>
#include <kernel/proc.h>
#include <kernel/signal.h>
#include <kernel/syscall.h>
#include <kernel/cred.h>
#include <core/panic.h>

#define SETTOD_HEADROOM_SEC (30LL * 365 * 86400)

/* Sleepers until a wall-clock time wait here too, for clock changes. */
static struct wait_queue clock_set_wq = WAIT_QUEUE_INIT(clock_set_wq);

struct ktimespec ns_to_timespec(u64 ns)
{
	return (struct ktimespec){ (s64)(ns / NSEC_PER_SEC), (long)(ns % NSEC_PER_SEC) };
}

int timespec_put_user(uptr_t u, u64 ns)
{
	struct ktimespec ts = ns_to_timespec(ns);

	return copy_to_user(u, &ts, sizeof(ts)) ? -EFAULT : 0;
}

int timespec_get_user(uptr_t u, u64 *ns)
{
	struct ktimespec ts;

	if (copy_from_user(&ts, u, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (long)NSEC_PER_SEC)
		return -EINVAL;
	/* Far future (past 2262): saturate, so sums with "now" cannot wrap. */
	if (ts.tv_sec >= KTIME_SEC_MAX)
		*ns = KTIME_MAX;
	else
		*ns = (u64)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
	return 0;
}

int itimerspec_get_user(uptr_t u, u64 *value, u64 *interval)
{
	int err = timespec_get_user(u + offsetof(struct kitimerspec, it_value), value);

	return err ? err : timespec_get_user(u + offsetof(struct kitimerspec, it_interval), interval);
}

int itimerspec_put_user(uptr_t u, u64 value, u64 interval)
{
	struct kitimerspec its = { ns_to_timespec(interval), ns_to_timespec(value) };

	return copy_to_user(u, &its, sizeof(its)) ? -EFAULT : 0;
}

bool clock_is_cpu(int id)
{
	return id == CLOCK_PROCESS_CPUTIME_ID || id == CLOCK_THREAD_CPUTIME_ID || id < 0;
}

/* Thread tid of the caller's process, or NULL. proc_tree_lock held. */
static struct task *own_thread_locked(int tid)
{
	struct task *t;

	list_for_each_entry(t, &current_process()->threads, thread_link)
		if (t->tid == tid)
			return t;
	return NULL;
}

int cpu_clock_target_locked(int id, struct process **p, struct task **t, int *type)
{
	bool thread = id == CLOCK_THREAD_CPUTIME_ID;
	int pid = 0;

	assert_spin_locked(&proc_tree_lock);
	*type = CPUCLOCK_SCHED;
	if (id < 0) {
		*type = CPUCLOCK_TYPE(id);
		pid = CPUCLOCK_PID(id);
		thread = id & CPUCLOCK_PERTHREAD;
		if (*type == 3 || pid < 0)
			return -EINVAL;	/* 3 is Linux's CLOCKFD: no dynamic clocks here */
	}
	*p = current_process();
	*t = NULL;
	if (thread) {
		*t = pid ? own_thread_locked(pid) : current;
		return *t ? 0 : -EINVAL;
	}
	if (pid) {
		*p = proc_find(pid);
		if (!*p)
			return -EINVAL;
	}
	return 0;
}

u64 cpu_clock_sample_locked(struct process *p, struct task *t, int type)
{
	u64 u, s;

	if (t)
		task_cputime(t, &u, &s);
	else
		process_cputime(p, &u, &s);
	return type == CPUCLOCK_VIRT ? u : u + s;
}

/* The encoded CPU clocks, and PROCESS_/THREAD_CPUTIME_ID. */
static int cpu_clock_read(int id, u64 *ns)
{
	struct process *p;
	struct task *t;
	int type, err;
	u64 u, s;

	/* The common cases take no global lock: the caller is alive. */
	if (id == CLOCK_THREAD_CPUTIME_ID || id == CLOCK_PROCESS_CPUTIME_ID) {
		if (id == CLOCK_THREAD_CPUTIME_ID)
			task_cputime(current, &u, &s);
		else
			process_cputime(current_process(), &u, &s);
		*ns = u + s;
		return 0;
	}
	spin_lock(&proc_tree_lock);
	err = cpu_clock_target_locked(id, &p, &t, &type);
	if (!err)
		*ns = cpu_clock_sample_locked(p, t, type);
	spin_unlock(&proc_tree_lock);
	return err;
}

int clock_read(int id, u64 *ns)
{
	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_REALTIME_ALARM:
	case CLOCK_TAI:	/* TAI - UTC is 0 until adjtimex sets it, which Mica lacks */
		*ns = clock_realtime_ns();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
	case CLOCK_BOOTTIME_ALARM:
		*ns = clock_ns();
		return 0;
	default:
		if (clock_is_cpu(id))
			return cpu_clock_read(id, ns);
		return -EINVAL;
	}
}

SYSCALL_DEFINE2(clock_gettime, int, id, uptr_t, tp)
{
	u64 ns;
	int err = clock_read(id, &ns);

	return err ? err : timespec_put_user(tp, ns);
}

SYSCALL_DEFINE2(clock_getres, int, id, uptr_t, res)
{
	u64 ns;
	int err = clock_read(id, &ns);

	if (err)
		return err;
	/* Every clock counts in ticks of the one timer: that is its resolution. */
	return res ? timespec_put_user(res, DIV_ROUND_UP(NSEC_PER_SEC, clock_freq)) : 0;
}

/* Set the wall clock: root only (CAP_SYS_TIME), after the value is checked
 * (Linux keeps 30 years of headroom below the end of its 64-bit time). */
static int realtime_set(u64 ns)
{
	if (ns / NSEC_PER_SEC >= KTIME_SEC_MAX - SETTOD_HEADROOM_SEC)
		return -EINVAL;
	if (!capable_root())
		return -EPERM;
	clock_set_realtime(ns);
	ktimer_clock_was_set();
	timerfd_clock_was_set();
	wake_up_all(&clock_set_wq);	/* absolute sleeps on the wall clock look again */
	return 0;
}

SYSCALL_DEFINE2(clock_settime, int, id, uptr_t, tp)
{
	u64 ns;
	int err;

	/* Linux: only REALTIME and the encoded CPU clocks have a set method,
	 * and those CPU clocks refuse. */
	if (id != CLOCK_REALTIME && id >= 0)
		return -EINVAL;
	err = timespec_get_user(tp, &ns);
	if (err)
		return err;
	if (id < 0) {
		err = clock_read(id, &ns);
		return err ? err : -EPERM;	/* valid CPU clocks cannot be set */
	}
	return realtime_set(ns);
}

/* struct timezone: kept and handed back, as Linux does; nothing uses it. */
static struct { int minuteswest, dsttime; } sys_tz;

struct ktimeval {
	s64 tv_sec;
	s64 tv_usec;
};

SYSCALL_DEFINE2(gettimeofday, uptr_t, tv, uptr_t, tz)
{
	u64 ns = clock_realtime_ns();
	struct ktimeval t = { (s64)(ns / NSEC_PER_SEC), (s64)(ns % NSEC_PER_SEC / NSEC_PER_USEC) };

	if (tv && copy_to_user(tv, &t, sizeof(t)))
		return -EFAULT;
	if (tz && copy_to_user(tz, &sys_tz, sizeof(sys_tz)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(settimeofday, uptr_t, tv, uptr_t, tz)
{
	struct ktimeval t;
	typeof(sys_tz) z;
	int err;

	if (tv) {
		if (copy_from_user(&t, tv, sizeof(t)))
			return -EFAULT;
		if (t.tv_sec < 0 || t.tv_usec < 0 || t.tv_usec >= (s64)(NSEC_PER_SEC / NSEC_PER_USEC) ||
		    t.tv_sec >= KTIME_SEC_MAX - SETTOD_HEADROOM_SEC)
			return -EINVAL;
	}
	if (tz) {
		if (copy_from_user(&z, tz, sizeof(z)))
			return -EFAULT;
		if (z.minuteswest < -15 * 60 || z.minuteswest > 15 * 60)
			return -EINVAL;
	}
	if (!capable_root())
		return -EPERM;
	if (tz)
		sys_tz = z;
	if (tv) {
		err = realtime_set((u64)t.tv_sec * NSEC_PER_SEC + (u64)t.tv_usec * NSEC_PER_USEC);
		if (err)
			return err;
	}
	return 0;
}

/* --- Sleeping --- */

/* Wake a task sleeping on a CPU clock (see cpu_sleep). */
struct cpu_sleeper {
	struct cpu_timer ct;
	struct task *task;
	bool done;
};

static void cpu_sleeper_fire(struct cpu_timer *ct, u64 n)
{
	struct cpu_sleeper *cs = container_of(ct, struct cpu_sleeper, ct);

	(void)n;
	WRITE_ONCE(cs->done, true);
	wake_up_process(cs->task);
}

/* Sleep until CPU clock id reaches deadline: 0, -EINTR or -errno. */
static int cpu_sleep(int id, u64 deadline)
{
	struct cpu_sleeper cs = { .task = current };
	u64 now;
	int err = clock_read(id, &now);

	if (err || now >= deadline)
		return err;
	err = cpu_timer_init(&cs.ct, id, cpu_sleeper_fire);
	if (err)
		return err;
	cpu_timer_set(&cs.ct, deadline, 0, NULL, NULL);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (READ_ONCE(cs.done))
			break;
		if (signal_pending()) {
			err = -EINTR;
			break;
		}
		schedule();
	}
	set_current_state(TASK_RUNNING);
	cpu_timer_release(&cs.ct);
	return err;
}

/*
 * Sleep until clock id reaches deadline (for REALTIME, the wall clock is
 * read again after every wake-up). 0 when reached, -EINTR when a signal
 * needs the thread first.
 */
static int clock_sleep_until(int id, u64 deadline)
{
	struct waiter w = WAITER_INIT(w);
	bool wall = id == CLOCK_REALTIME || id == CLOCK_REALTIME_ALARM || id == CLOCK_TAI;
	int ret = 0;

	if (clock_is_cpu(id))
		return cpu_sleep(id, deadline);
	for (;;) {
		u64 now;

		if (wall)
			prepare_to_wait(&clock_set_wq, &w, TASK_INTERRUPTIBLE, false);
		else
			set_current_state(TASK_INTERRUPTIBLE);
		clock_read(id, &now);
		if (now >= deadline)
			break;
		if (signal_pending()) {
			ret = -EINTR;
			break;
		}
		schedule_timeout(deadline - now);
	}
	if (wall)
		finish_wait(&clock_set_wq, &w);
	set_current_state(TASK_RUNNING);
	return ret;
}

static long nanosleep_restart(struct restart_block *rb);

/*
 * Sleep on clock id until deadline. A relative sleep that a signal
 * interrupts stores what is left in rem and asks for restart_syscall
 * (-ERESTART_RESTARTBLOCK, -EINTR once a handler ran); an absolute one
 * restarts as it was unless a handler ran (-ERESTARTNOHAND).
 */
static long do_nanosleep(int id, u64 deadline, bool abs, uptr_t rem)
{
	struct restart_block *rb = &current->restart;
	u64 now;
	int err = clock_sleep_until(id, deadline);

	if (err != -EINTR)
		return err;
	if (abs)
		return -ERESTARTNOHAND;
	if (rem) {
		clock_read(id, &now);
		if (timespec_put_user(rem, deadline > now ? deadline - now : 0))
			return -EFAULT;
	}
	rb->fn = nanosleep_restart;
	rb->arg[0] = (u64)id;
	rb->arg[1] = deadline;
	rb->arg[2] = rem;
	return -ERESTART_RESTARTBLOCK;
}

static long nanosleep_restart(struct restart_block *rb)
{
	return do_nanosleep((int)rb->arg[0], rb->arg[1], false, (uptr_t)rb->arg[2]);
}

SYSCALL_DEFINE0(restart_syscall)
{
	struct restart_block *rb = &current->restart;
	long (*fn)(struct restart_block *) = rb->fn;

	rb->fn = NULL;
	return fn ? fn(rb) : -EINTR;
}

SYSCALL_DEFINE4(clock_nanosleep, int, id, int, flags, uptr_t, req, uptr_t, rem)
{
	bool abs = flags & TIMER_ABSTIME;
	u64 ns, now;
	int err;

	err = clock_read(id, &now);
	if (err)
		return err;
	/* As Linux: clocks without a sleep method, then threads' CPU clocks. */
	if (id == CLOCK_THREAD_CPUTIME_ID || id == CLOCK_MONOTONIC_RAW ||
	    id == CLOCK_REALTIME_COARSE || id == CLOCK_MONOTONIC_COARSE)
		return -EOPNOTSUPP;
	if (id < 0 && (id & CPUCLOCK_PERTHREAD))
		return -EINVAL;
	if ((id == CLOCK_REALTIME_ALARM || id == CLOCK_BOOTTIME_ALARM) && !capable_root())
		return -EPERM;	/* CAP_WAKE_ALARM */
	err = timespec_get_user(req, &ns);
	if (err)
		return err;
	/* Relative sleeps on the wall clock do not move when it is set. */
	if (!abs && !clock_is_cpu(id)) {
		id = CLOCK_MONOTONIC;
		now = clock_ns();
	}
	return do_nanosleep(id, abs ? ns : now + ns, abs, rem);
}

SYSCALL_DEFINE2(nanosleep, uptr_t, req, uptr_t, rem)
{
	u64 ns;
	int err = timespec_get_user(req, &ns);

	if (err)
		return err;
	return do_nanosleep(CLOCK_MONOTONIC, clock_ns() + ns, false, rem);
}
