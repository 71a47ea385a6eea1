/* Shared between the files of kernel/sched only. */
#ifndef KERNEL_SCHED_INTERNAL_H
#define KERNEL_SCHED_INTERNAL_H

#include <kernel/sched.h>
#include <core/clock.h>

/* The lowest word of every kernel stack: overwritten means overflowed. */
#define STACK_CANARY 0x57ac4ca7a5c0ffeeULL

struct rq {
	spinlock_t lock;
	struct list_head queue;		/* runnable, not running; FIFO */
	unsigned int nr_queued;
	unsigned int cpu;
	struct task *curr;
	struct task *idle;
	struct task *prev;		/* task being switched out */
	struct timer slice_timer;	/* armed only while others wait */
	u64 nr_switches;		/* [lock] context switches, for /proc/stat */
};

extern struct rq runqueues[NR_CPUS];

static inline struct rq *this_rq(void) { return &runqueues[cpu_id()]; }

void task_init_common(struct task *t, const char *name);
/* Completes a switch: called first thing by the task switched to. */
void sched_finish_switch(void);
/* Lock the run queue t belongs to, following t if it moves. */
struct rq *task_rq_lock(struct task *t);
void enqueue_locked(struct rq *rq, struct task *t);
void dequeue_locked(struct rq *rq, struct task *t);
/* Put a woken or migrating task on a run queue it may use; t->pi_lock held. */
void activate_task(struct task *t);
unsigned int rq_load(const struct rq *rq);
void sched_count_migration(void);

/* balance.c */
unsigned int select_task_cpu(struct task *t);
bool idle_pull(struct rq *this);
void balance_tick(struct rq *rq);

#endif
