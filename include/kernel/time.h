/*
 * Time for user space: the POSIX clocks (wall, monotonic, CPU), CPU time
 * accounting, interval timers, POSIX timers and timerfds (kernel/time/).
 *
 * Lock order: process_timers.posix_lock (mutex) -> cpu_timers mutex ->
 * proc_tree_lock -> sighand.lock -> process_timers.lock (irq-saving) ->
 * rq and timer base locks. Timer callbacks drop process_timers.lock before
 * they send a signal.
 */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include <core/clock.h>
#include <core/spinlock.h>
#include <core/wait.h>
#include <core/uaccess.h>
#include <lib/list.h>

/* Clock ids (uapi/linux/time.h). */
#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7
#define CLOCK_REALTIME_ALARM 8
#define CLOCK_BOOTTIME_ALARM 9
#define CLOCK_TAI 11
#define TIMER_ABSTIME 1

/*
 * CPU clocks of any process or thread, as clock_getcpuclockid() and
 * pthread_getcpuclockid() build them: (~pid << 3) | type, bit 2 set for a
 * thread; pid 0 is the caller. PROF counts user and system time, VIRT user
 * time only, SCHED all time on a CPU.
 */
#define CPUCLOCK_PROF 0
#define CPUCLOCK_VIRT 1
#define CPUCLOCK_SCHED 2
#define CPUCLOCK_PERTHREAD 4
#define CPUCLOCK_TYPE(id) ((id) & 3)
#define CPUCLOCK_PID(id) ((int)~((id) >> 3))
#define MAKE_PROCESS_CPUCLOCK(pid, type) ((int)((~(unsigned int)(pid) << 3) | (type)))

struct task;
struct process;

/* Times past this (in 2262) are "forever" (Linux's KTIME_MAX). */
#define KTIME_MAX 0x7fffffffffffffffULL
#define KTIME_SEC_MAX ((s64)(KTIME_MAX / NSEC_PER_SEC))

/* struct timespec and struct itimerspec as riscv64 user space sees them. */
struct ktimespec {
	s64 tv_sec;
	long tv_nsec;
};

struct kitimerspec {
	struct ktimespec it_interval, it_value;
};

/* Copy a timespec in as nanoseconds: -EFAULT, or -EINVAL when out of range. */
int timespec_get_user(uptr_t u, u64 *ns);
int timespec_put_user(uptr_t u, u64 ns);
struct ktimespec ns_to_timespec(u64 ns);
int itimerspec_get_user(uptr_t u, u64 *value, u64 *interval);
int itimerspec_put_user(uptr_t u, u64 value, u64 interval);

/*
 * Read clock id (any of the above, or an encoded CPU clock) for the
 * caller: 0, or -EINVAL for a clock that does not exist or names a
 * process or thread the caller may not see.
 */
int clock_read(int id, u64 *ns);
/*
 * The target of CPU clock id: a process (*t NULL) or a thread of the
 * caller's process, and the clock type. proc_tree_lock held (it keeps them
 * alive); -EINVAL when the clock names nothing the caller may see.
 */
int cpu_clock_target_locked(int id, struct process **p, struct task **t, int *type);
/* The clock's value now; proc_tree_lock held. */
u64 cpu_clock_sample_locked(struct process *p, struct task *t, int type);
bool clock_is_cpu(int id);

/* --- CPU time (cputime.c) --- */

/* The arch entry hooks cputime_enter_kernel/cputime_return_user: kernel/entry.h. */
/* User and system time of one thread, including its running slice. */
void task_cputime(struct task *t, u64 *utime_ns, u64 *stime_ns);
/* The same summed over every thread of p, live and exited. p must stay
 * unreaped: the caller's own process, or proc_tree_lock held. */
void process_cputime(struct process *p, u64 *utime_ns, u64 *stime_ns);
/* A thread of p leaves its list for good: fold its times into p (p's sighand
 * lock held, in the same step as the list removal). */
void process_account_exit_locked(struct process *p, struct task *t);
/* struct rusage for wait4/waitid/getrusage. */
int rusage_put(uptr_t u, u64 utime_ns, u64 stime_ns, unsigned long maxrss_pages);

/* --- Timers on the monotonic clock (ktimer.c) --- */

/*
 * A one-shot or periodic timer on CLOCK_MONOTONIC. Its owner's lock guards
 * expires and interval; the callback (interrupt context) takes that lock
 * and calls ktimer_expired(), which ignores stale firings.
 */
struct ktimer {
	struct timer timer;
	u64 expires;	/* CLOCK_MONOTONIC ns of the next expiry; 0: disarmed */
	u64 interval;	/* ns between expiries; 0: one shot */
	u64 real_expires;	/* armed for this wall-clock time, or 0 */
	struct list_head rt_link;	/* [rt_lock in ktimer.c] while real_expires */
};

void ktimer_init(struct ktimer *k, void (*fn)(struct timer *));
/* Arm k (owner's lock held); expires == 0 disarms it. */
void ktimer_start(struct ktimer *k, u64 expires, u64 interval);
/* Arm k for absolute time value on clock; on the wall clocks it follows
 * later settings of the clock, as Linux's absolute REALTIME timers do. */
void ktimer_start_abs(struct ktimer *k, int clock, u64 value, u64 interval);
/* The wall clock was set: re-examine every timer armed on it. */
void ktimer_clock_was_set(void);
/* Put node (initialized, empty when off) on head or take it off, under
 * lock (irq-saving); doing what is already done is fine. */
void list_membership_set(spinlock_t *lock, struct list_head *node, struct list_head *head,
			 bool on);
/* In the callback, lock held: expiries up to now (0 if stale), rearmed if periodic. */
u64 ktimer_expired(struct ktimer *k);
/* Time until the next expiry (0 when disarmed). */
u64 ktimer_remaining(const struct ktimer *k);
/* Convert an expiry on clock (REALTIME, MONOTONIC, BOOTTIME...) to CLOCK_MONOTONIC. */
u64 clock_to_monotonic(int clock, u64 ns);

/* --- Timers on CPU clocks (cpu_timers.c) --- */

/*
 * A timer on a process's or thread's CPU clock. A kernel thread samples
 * the armed ones as often as their nearest expiry needs and calls fire()
 * (process context, no lock held) with the number of expiries.
 */
struct cpu_timer {
	struct list_head link;		/* [cpu_timers mutex] while armed */
	int pid;			/* [I] process clock: looked up at each sample */
	struct task *thread;		/* [I] thread clock (a reference), or NULL */
	int type;			/* [I] CPUCLOCK_PROF, _VIRT or _SCHED */
	u64 expires;			/* [cpu_timers mutex] CPU ns; 0: disarmed */
	u64 interval;			/* [cpu_timers mutex] */
	void (*fire)(struct cpu_timer *ct, u64 expiries);
	bool armed;			/* [cpu_timers mutex] */
	u64 last_sample, backoff;	/* [cpu_timers mutex] for clocks at rest */
};

/* Resolve a CPU clock id for timers: fills proc/thread/type, takes references. */
int cpu_timer_init(struct cpu_timer *ct, int clock, void (*fire)(struct cpu_timer *, u64));
void cpu_timer_release(struct cpu_timer *ct);	/* disarm and drop references */
/* (Re)arm (expires 0 disarms) and read back; absolute CPU ns. */
void cpu_timer_set(struct cpu_timer *ct, u64 expires, u64 interval, u64 *old_expires,
		   u64 *old_interval);
void cpu_timer_get(struct cpu_timer *ct, u64 *expires, u64 *interval);
u64 cpu_timer_sample(struct cpu_timer *ct);

/* --- Per-process timers (itimer.c, posix_timers.c) --- */

struct process_timers {
	spinlock_t lock;		/* irq-saving: guards what follows */
	struct ktimer real;		/* ITIMER_REAL */
	struct cpu_timer *cpu[2];	/* ITIMER_VIRTUAL, ITIMER_PROF; NULL until set */
	struct list_head posix;		/* struct posix_timer.link */
	int next_id;
	struct mutex posix_lock;	/* serializes the timer_* calls (posix_timers.c) */
};

void proc_timers_init(struct process *p);
/* exec: delete the POSIX timers (interval timers survive exec, as on Linux). */
void proc_timers_exec(struct process *p);
/* The process ends: delete every timer; may sleep. */
void proc_timers_exit(struct process *p);

/* The wall clock was set: cancel the timerfds armed with CANCEL_ON_SET. */
void timerfd_clock_was_set(void);

struct siginfo;
/*
 * The signal code calls this when it takes a SI_TIMER signal off a queue
 * for delivery: it fills in si_overrun and lets the timer queue its next
 * signal (until then expiries only count overruns, as on Linux).
 */
void posix_timer_dequeued(struct process *p, struct siginfo *info);

#endif
