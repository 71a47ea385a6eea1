/* Self tests of spinlocks, mutexes, wait queues, completions, timers, IPIs. */
#include <kernel/ktest.h>
#include <kernel/sched.h>
#include <core/clock.h>
#include <core/cpu.h>
#include <core/ipi.h>
#include <core/irq.h>
#include <mica/err.h>

#define WORKERS_PER_CPU 2

struct counter_test {
	spinlock_t lock;
	struct mutex mutex;
	unsigned long value;
	int iterations;
	bool use_mutex;
};

static void counter_worker(void *arg)
{
	struct counter_test *ct = arg;

	for (int i = 0; i < ct->iterations; i++) {
		if (ct->use_mutex) {
			mutex_lock(&ct->mutex);
			unsigned long v = ct->value;
			if (i % 64 == 0)
				sched_yield();	/* sleep-capable section */
			ct->value = v + 1;
			mutex_unlock(&ct->mutex);
		} else {
			unsigned long flags = spin_lock_irqsave(&ct->lock);
			unsigned long v = ct->value;
			cpu_relax();
			ct->value = v + 1;
			spin_unlock_irqrestore(&ct->lock, flags);
		}
	}
}

static int run_counter(bool use_mutex, int iterations)
{
	struct counter_test ct = { .iterations = iterations, .use_mutex = use_mutex };
	struct task *tasks[NR_CPUS * WORKERS_PER_CPU];
	int n = nr_cpus * WORKERS_PER_CPU;

	spin_lock_init(&ct.lock, "ktest.counter");
	mutex_init(&ct.mutex, "ktest.counter");
	for (int i = 0; i < n; i++) {
		tasks[i] = kthread_create("counter", counter_worker, &ct);
		KT_ASSERT(!IS_ERR(tasks[i]));
		task_set_affinity(tasks[i], cpumask_of(i % nr_cpus));
		task_start(tasks[i]);
	}
	for (int i = 0; i < n; i++)
		task_join(tasks[i]);
	KT_ASSERT_EQ(ct.value, (unsigned long)n * iterations);
	KT_ASSERT(iterations > 0);
	KT_ASSERT(!mutex_is_locked(&ct.mutex));
	return 0;
}

/* A fixed total, so that many vCPUs on few host cores stay quick. */
KTEST(spinlock_counter) { return run_counter(false, 16000 / (nr_cpus * WORKERS_PER_CPU)); }
KTEST(mutex_counter) { return run_counter(true, 8000 / (nr_cpus * WORKERS_PER_CPU)); }

struct pingpong {
	struct completion ping, pong;
	int rounds;
};

static void ponger(void *arg)
{
	struct pingpong *pp = arg;

	for (int i = 0; i < pp->rounds; i++) {
		wait_for_completion(&pp->ping);
		complete(&pp->pong);
	}
}

/* Two tasks on different CPUs (when there are two) hand a token back and forth. */
KTEST(completion_pingpong)
{
	struct pingpong pp = { .rounds = 2000 };
	struct task *t;

	completion_init(&pp.ping);
	completion_init(&pp.pong);
	t = kthread_create("ponger", ponger, &pp);
	KT_ASSERT(!IS_ERR(t));
	task_set_affinity(t, cpumask_of(nr_cpus - 1));
	task_start(t);
	for (int i = 0; i < pp.rounds; i++) {
		complete(&pp.ping);
		wait_for_completion(&pp.pong);
	}
	KT_ASSERT_EQ(task_join(t), 0);
	KT_ASSERT(!completion_done(&pp.ping) && !completion_done(&pp.pong));
	return 0;
}

static struct wait_queue wq_test = WAIT_QUEUE_INIT(wq_test);
static int wq_flag;

static void wq_waker(void *arg __unused)
{
	msleep(5);
	WRITE_ONCE(wq_flag, 1);
	wake_up_all(&wq_test);
}

KTEST(waitqueue_timeout)
{
	u64 t0 = clock_ns();
	struct task *t;

	/* Nobody wakes: times out after about 20 ms. */
	KT_ASSERT(!wait_event_timeout(wq_test, READ_ONCE(wq_flag), 20 * NSEC_PER_MSEC));
	KT_ASSERT(clock_ns() - t0 >= 20 * NSEC_PER_MSEC);
	/* A waker arrives before the deadline. */
	wq_flag = 0;
	t = kthread_run("waker", wq_waker, NULL);
	KT_ASSERT(!IS_ERR(t));
	KT_ASSERT(wait_event_timeout(wq_test, READ_ONCE(wq_flag), 5 * NSEC_PER_SEC));
	task_join(t);
	return 0;
}

/* Callback waiters: called with the key, left queued, one exclusive at a time. */
struct cb_waiter {
	struct waiter w;
	unsigned int calls, key;
	bool accept;
};

static bool cb_wake(struct waiter *w, unsigned int key)
{
	struct cb_waiter *c = container_of(w, struct cb_waiter, w);

	c->calls++;
	c->key = key;
	return c->accept;
}

KTEST(waitqueue_callback)
{
	struct wait_queue wq;
	struct cb_waiter c[3];	/* c[0] non-exclusive, c[1] and c[2] exclusive */

	wait_queue_init(&wq);
	for (int i = 0; i < 3; i++) {
		c[i] = (struct cb_waiter){ .w = WAITER_INIT(c[i].w), .accept = true };
		c[i].w.func = cb_wake;
		c[i].w.exclusive = i > 0;
		wait_queue_add(&wq, &c[i].w);
	}
	wake_up_key(&wq, 5);
	KT_ASSERT(c[0].calls == 1 && c[0].key == 5);
	KT_ASSERT(c[1].calls == 1 && c[2].calls == 0);	/* the first exclusive accepted */
	c[1].accept = false;
	wake_up_key(&wq, 6);
	KT_ASSERT(c[0].calls == 2 && c[1].calls == 2 && c[2].calls == 1 && c[2].key == 6);
	wake_up_all(&wq);
	KT_ASSERT(c[0].calls == 3 && c[1].calls == 3 && c[2].calls == 2 && c[2].key == 0);
	wait_queue_remove(&wq, &c[0].w);
	wake_up_all(&wq);
	KT_ASSERT(c[0].calls == 3 && c[1].calls == 4);
	wait_queue_remove(&wq, &c[1].w);
	wait_queue_remove(&wq, &c[2].w);
	KT_ASSERT(list_empty(&wq.waiters));
	return 0;
}

KTEST(sleep_duration)
{
	for (int ms = 1; ms <= 64; ms *= 4) {
		u64 t0 = clock_ns(), dt;

		msleep(ms);
		dt = clock_ns() - t0;
		KT_ASSERT(dt >= (u64)ms * NSEC_PER_MSEC);
		KT_ASSERT(dt < (u64)ms * NSEC_PER_MSEC + 500 * NSEC_PER_MSEC);
	}
	return 0;
}

static int timer_hits;
static void timer_hit(struct timer *t __unused) { __atomic_add_fetch(&timer_hits, 1, __ATOMIC_RELAXED); }

KTEST(timer_order_cancel)
{
	struct timer a, b, c;
	u64 now = clock_ticks();

	timer_hits = 0;
	timer_init(&a, timer_hit);
	timer_init(&b, timer_hit);
	timer_init(&c, timer_hit);
	timer_arm(&a, now + ns_to_ticks(3 * NSEC_PER_MSEC));
	timer_arm(&b, now + ns_to_ticks(1 * NSEC_PER_MSEC));
	timer_arm(&c, now + ns_to_ticks(2 * NSEC_PER_SEC));
	KT_ASSERT(timer_pending(&c));
	KT_ASSERT(timer_cancel(&c));
	KT_ASSERT(!timer_cancel(&c));
	msleep(20);
	KT_ASSERT_EQ(READ_ONCE(timer_hits), 2);
	KT_ASSERT(!timer_pending(&a) && !timer_pending(&b));
	/* A timer armed on another CPU fires there. */
	if (nr_cpus > 1) {
		timer_arm_on(&a, clock_ticks() + ns_to_ticks(NSEC_PER_MSEC), nr_cpus - 1);
		msleep(20);
		KT_ASSERT_EQ(READ_ONCE(timer_hits), 3);
	}
	timer_cancel_sync(&a);
	return 0;
}

static unsigned long ipi_seen;
static void ipi_mark(void *arg __unused) { atomic_or_ulong(&ipi_seen, 1UL << cpu_id()); }

KTEST(ipi_call_all)
{
	unsigned long want = 0;

	ipi_seen = 0;
	smp_call_on_all(ipi_mark, NULL);
	for_each_online_cpu(c)
		want |= 1UL << c;
	KT_ASSERT_EQ(READ_ONCE(ipi_seen), want);
	KT_ASSERT(smp_call_on_cpu(NR_CPUS - 1, ipi_mark, NULL) < 0 || nr_cpus == NR_CPUS);
	return 0;
}

static void record_cpu(void *arg) { *(unsigned int *)arg = cpu_id(); }

/*
 * Every CPU reaches every other one by IPI, and the call runs on the CPU
 * it was meant for. Regression: CPU 0's hart id used to be taken before
 * the device tree was read, so IPIs to CPU 0 went astray whenever the
 * firmware booted on another hart (a lost IPI hangs this test).
 */
KTEST(ipi_every_pair)
{
	for_each_online_cpu(from) {
		KT_ASSERT(task_set_affinity(current, cpumask_of(from)) == 0);
		for_each_online_cpu(to) {
			unsigned int ran_on = ~0U;

			KT_ASSERT(smp_call_on_cpu(to, record_cpu, &ran_on) == 0);
			KT_ASSERT_EQ(ran_on, to);
		}
	}
	task_set_affinity(current, CPUMASK_ALL);
	return 0;
}

/* A CPU with nothing to do takes (almost) no interrupts: no idle tick. */
KTEST(idle_no_tick)
{
	u64 before[NR_CPUS];

	if (nr_cpus < 2)
		return 0;
	task_set_affinity(current, cpumask_of(0));
	msleep(20);	/* let the others settle */
	for_each_online_cpu(c)
		before[c] = READ_ONCE(cpus[c].irq_count);
	msleep(200);
	for_each_online_cpu(c) {
		if (c == 0)
			continue;
		/* 200 ms of 10 ms ticks would be 20; allow stray wake-ups. */
		KT_ASSERT(READ_ONCE(cpus[c].irq_count) - before[c] <= 3);
		KT_ASSERT_EQ(clock_armed_count(c), 0);
	}
	task_set_affinity(current, CPUMASK_ALL);
	return 0;
}
