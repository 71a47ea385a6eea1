/*
 * Task life cycle: creating kernel threads, exit, join and freeing. The
 * scheduler holds one reference on every task that has been started and
 * drops it once the task is dead and fully switched out.
 */
#include <kernel/sched.h>
#include <core/kmalloc.h>
#include <core/mm.h>
#include <core/panic.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>
#include "sched_internal.h"
#include <arch/trap.h>

#define KSTACK_ORDER 2	/* 16 KiB */

static atomic_t next_tid = ATOMIC_INIT(1);
static atomic_long_t live_tasks;
static LIST_HEAD(task_list);
static DEFINE_SPINLOCK(task_list_lock);

static void task_entry(void *arg)
{
	struct task *t = arg;

	sched_finish_switch();
	local_irq_enable();
	t->fn(t->arg);
	task_exit(0);
}

void task_init_common(struct task *t, const char *name)
{
	memset(t, 0, sizeof(*t));
	strscpy(t->name, name, sizeof(t->name));
	spin_lock_init(&t->pi_lock, "task.pi_lock");
	INIT_LIST_HEAD(&t->rq_link);
	INIT_LIST_HEAD(&t->thread_link);
	INIT_LIST_HEAD(&t->pid_link);
	sigpending_init(&t->pending);
	t->altstack.flags = SS_DISABLE;
	completion_init(&t->exited);
	t->tid = atomic_fetch_add(&next_tid, 1);
	t->cpus_allowed = CPUMASK_ALL;
	t->state = TASK_RUNNING;
	atomic_set(&t->refs, 1);
	atomic_long_add(&live_tasks, 1);
	unsigned long flags = spin_lock_irqsave(&task_list_lock);
	list_add_tail(&t->all_link, &task_list);
	spin_unlock_irqrestore(&task_list_lock, flags);
}

void for_each_task(void (*fn)(struct task *t, void *arg), void *arg)
{
	unsigned long flags = spin_lock_irqsave(&task_list_lock);
	struct task *t;

	list_for_each_entry(t, &task_list, all_link)
		fn(t, arg);
	spin_unlock_irqrestore(&task_list_lock, flags);
}

static struct task *task_create(const char *name, void (*fn)(void *), void *arg,
				size_t reserve)
{
	struct task *t = kmalloc(sizeof(*t));
	struct page *stack;

	if (!t)
		return ERR_PTR(-ENOMEM);
	stack = frame_alloc(KSTACK_ORDER, 0);
	if (!stack) {
		kfree(t);
		return ERR_PTR(-ENOMEM);
	}
	task_init_common(t, name);
	t->stack = page_to_virt(stack);
	*(u64 *)t->stack = STACK_CANARY;	/* checked at every switch (core.c) */
	t->fn = fn;
	t->arg = arg;
	/* One reference for the caller, one for the scheduler once started. */
	atomic_set(&t->refs, 2);
	arch_context_init(&t->ctx, (unsigned long)t->stack + (PAGE_SIZE << KSTACK_ORDER) - reserve,
			  task_entry, t);
	return t;
}

struct task *kthread_create(const char *name, void (*fn)(void *), void *arg)
{
	return task_create(name, fn, arg, 0);
}

struct task *task_create_user(const char *name, void (*fn)(void *), void *arg)
{
	struct task *t = task_create(name, fn, arg, sizeof(struct trapframe));

	if (!IS_ERR(t)) {
		t->user = true;
		t->user_tf = (struct trapframe *)((char *)t->stack + (PAGE_SIZE << KSTACK_ORDER) -
						  sizeof(struct trapframe));
	}
	return t;
}

struct task *kthread_run(const char *name, void (*fn)(void *), void *arg)
{
	struct task *t = kthread_create(name, fn, arg);

	if (!IS_ERR(t))
		task_start(t);
	return t;
}

void task_get(struct task *t)
{
	atomic_inc(&t->refs);
}

void task_put(struct task *t)
{
	if (!atomic_dec_and_test(&t->refs))
		return;
	BUG_ON(t->on_cpu || t->on_rq);
	unsigned long flags = spin_lock_irqsave(&task_list_lock);
	list_del(&t->all_link);
	spin_unlock_irqrestore(&task_list_lock, flags);
	if (t->stack)
		frame_free(virt_to_page(t->stack), KSTACK_ORDER);
	atomic_long_sub(&live_tasks, 1);
	kfree(t);
}

int task_join(struct task *t)
{
	int code;

	wait_for_completion(&t->exited);
	/* exited fires just before the scheduler drops its reference: wait
	 * for that too, so that a joined task is gone when join returns. */
	while (atomic_read(&t->refs) > 1)
		cpu_relax();
	code = t->exit_code;
	task_put(t);
	return code;
}

void task_exit(int code)
{
	struct task *t = current;

	t->exit_code = code;
	/* The next task signals exited and drops the scheduler's reference
	 * once this one is switched out for good (sched_finish_switch). */
	set_special_state(TASK_DEAD);
	schedule();
	panic("task %s: scheduled after exit", t->name);
}

unsigned long sched_live_tasks(void)
{
	return atomic_long_read(&live_tasks);
}
