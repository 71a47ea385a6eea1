/*
 * Tasks and the scheduler. A task is a thread of control with its own
 * kernel stack; kernel threads are tasks that never leave the kernel.
 *
 * Field legend: [I] immutable after creation, [p] t->pi_lock,
 * [r] the lock of the run queue t->cpu names, [c] only the task itself,
 * [a] atomic.
 *
 * Lock order: task.pi_lock -> rq.lock (lower CPU first when two) ->
 * timer base lock.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <core/sched.h>
#include <core/spinlock.h>
#include <core/wait.h>
#include <arch/context.h>
#include <core/clock.h>
#include <core/uaccess.h>
#include <kernel/signal.h>
#include <kernel/futex.h>

#define TASK_NAME_LEN 16
#define SCHED_SLICE_NS (10 * NSEC_PER_MSEC)

typedef u64 cpumask_t;	/* bit n: CPU n (NR_CPUS <= 64) */
#define CPUMASK_ALL (~0ULL)
#define cpumask_of(c) (1ULL << (c))

struct task {
	struct arch_context ctx;	/* [c] saved registers while switched out */
	long state;			/* [c] to sleep, [p]+[r] to wake */
	int on_cpu;			/* [a] running, or not yet fully switched out */
	bool on_rq;			/* [r] current or queued on a run queue */
	bool migrate_pending;		/* [r] leave this CPU after switching out */
	unsigned int cpu;		/* [r] run queue it belongs to */
	cpumask_t cpus_allowed;		/* [p] */
	struct list_head rq_link;	/* [r] in rq.queue while queued */
	spinlock_t pi_lock;
	void *stack;			/* [I] kernel stack base */
	int tid;			/* [I] but exec from a thread takes the pid */
	char name[TASK_NAME_LEN];	/* [c] PR_SET_NAME; else [I] */
	atomic_t refs;			/* [a] */
	struct completion exited;
	int exit_code;			/* [c] valid once exited completes */
	void (*fn)(void *);		/* [I] */
	void *arg;			/* [I] */
	u64 runtime_ns;			/* [r] CPU time used, up to the last switch out */
	u64 switched_in_ns;		/* [r] clock when last switched in */
	struct list_head all_link;	/* [task_list_lock] every live task */
	/* CPU time split (kernel/time/cputime.c): runtime_ns less utime_ns is system time. */
	u64 utime_ns;			/* [c] user time, up to the last entry to the kernel */
	u64 user_entered_ns;		/* [c] clock at the last return to user mode */
	bool in_user;			/* [c] running user code */
	unsigned int cputime_seq;	/* [c] odd while the three above change */
	/*
	 * [c] How restart_syscall(2) resumes a sleep that a signal interrupted
	 * with -ERESTART_RESTARTBLOCK (nanosleep, clock_nanosleep): fn is
	 * called with the block and returns the call's result; NULL (or once
	 * a handler ran) means -EINTR.
	 */
	struct restart_block {
		long (*fn)(struct restart_block *rb);
		u64 arg[4];
	} restart;

	/* User threads only (user is false for kernel threads). */
	bool user;			/* [I] */
	struct mm *mm;			/* [c] address space, NULL for kernel threads */
	struct process *proc;		/* [I] */
	struct trapframe *user_tf;	/* [I] user registers, at the stack top */
	struct arch_fp_state fp;	/* [c] saved while switched out */
	uptr_t clear_child_tid;		/* [c] set_tid_address */
	struct futex_task futex;	/* robust list and PI locks (kernel/futex/) */
	int fatal_signal;		/* [a] default action 'terminate', at return to user;
					 * GROUP_EXIT: another thread ended the process */
	struct list_head thread_link;	/* [proc_tree_lock + sighand.lock] in proc->threads */
	struct list_head pid_link;	/* [proc_tree_lock] in the tid hash (kernel/proc/pid.c) */

	/* Signals (kernel/signal/); [s] is proc->sighand->lock. */
	sigset_t blocked;		/* [s] written by the task itself */
	sigset_t real_blocked;		/* [s] the mask while sigtimedwait unblocks its set */
	sigset_t saved_mask;		/* [c] put back at the return to user if restore_mask */
	bool restore_mask;		/* [c] */
	struct sigpending pending;	/* [s] thread-directed signals */
	int sig_pending;		/* [a] something to act on at the return to user */
	struct stack_t_k altstack;	/* [c] sigaltstack; size 0: none */
};

struct process;
struct trapframe;

/* A task that will run user code: its stack top holds the user trap frame. */
struct task *task_create_user(const char *name, void (*fn)(void *), void *arg);

/* Create a kernel thread, not yet runnable. ERR_PTR(-ENOMEM) on failure.
 * The caller owns one reference, dropped by task_join() or task_put(). */
struct task *kthread_create(const char *name, void (*fn)(void *), void *arg);
void task_start(struct task *t);
struct task *kthread_run(const char *name, void (*fn)(void *), void *arg);
/* Wait for t to exit, drop the caller's reference, return its exit code. */
int task_join(struct task *t);
__noreturn void task_exit(int code);
void task_get(struct task *t);
void task_put(struct task *t);

/* Get t's attention: wake it if it sleeps, interrupt its CPU if it runs. */
void task_kick(struct task *t);
/* If t runs on another CPU, make it trap (and so look at its signals). */
void task_kick_running(struct task *t);

/* Restrict t to mask; moves it off a CPU no longer allowed. -EINVAL when
 * mask names no online CPU. */
int task_set_affinity(struct task *t, cpumask_t mask);
void sched_yield(void);
/* CPU time t has used, including its current slice if it runs now. */
u64 task_sched_runtime(struct task *t);
void sleep_ns(u64 ns);
static inline void msleep(u64 ms) { sleep_ns(ms * NSEC_PER_MSEC); }

/* Boot: sched_init() on the boot CPU turns the running context into CPU
 * 0's idle task; each secondary calls sched_cpu_init(); then cpu_idle(). */
void sched_init(void);
void sched_cpu_init(void);
__noreturn void cpu_idle(void);

/* Statistics for tests and the monitor. */
unsigned int sched_nr_queued(unsigned int cpu);
/* The 1, 5 and 15 minute load averages, fixed point with 11 fraction bits. */
void sched_loadavg(unsigned long out[3]);
#define LOADAVG_INT(x) ((x) >> 11)
#define LOADAVG_FRAC(x) ((((x) & ((1UL << 11) - 1)) * 100) >> 11)
bool sched_cpu_busy(unsigned int cpu);		/* running a task other than idle */
u64 sched_cpu_idle_ns(unsigned int cpu);	/* time spent idle since boot */
u64 sched_nr_switches(void);			/* context switches since boot */
u64 sched_nr_migrations(void);
unsigned long sched_live_tasks(void);
/* Call fn for every live task, under the task list lock (no sleeping). */
void for_each_task(void (*fn)(struct task *t, void *arg), void *arg);

#endif
