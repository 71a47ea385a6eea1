/*
 * Clock and per-CPU timers. Each CPU keeps its pending timers in a tree
 * ordered by expiry and programs the hardware for the earliest one only;
 * with nothing pending the hardware timer is off (no idle tick).
 *
 * Lock: timer_base.lock (irq-saving) guards the tree and the queued/base
 * fields of the timers in it. Callbacks run with no lock held; running is
 * the timer whose callback is executing, for timer_cancel_sync().
 */
#include <core/clock.h>
#include <core/cpu.h>
#include <core/spinlock.h>
#include <core/ipi.h>
#include <core/panic.h>
#include <arch/timer.h>

struct timer_base {
	spinlock_t lock;
	struct rb_root_cached tree;
	struct timer *running;
	unsigned int cpu;
	unsigned long nr_queued;
};

static struct timer_base bases[NR_CPUS];
u64 clock_freq;

u64 clock_ticks(void) { return arch_clock_read(); }

u64 ticks_to_ns(u64 t)
{
	return t / clock_freq * NSEC_PER_SEC + t % clock_freq * NSEC_PER_SEC / clock_freq;
}

u64 ns_to_ticks(u64 ns)
{
	return ns / NSEC_PER_SEC * clock_freq +
	       DIV_ROUND_UP(ns % NSEC_PER_SEC * clock_freq, NSEC_PER_SEC);
}

u64 clock_ns(void) { return ticks_to_ns(arch_clock_read()); }

static u64 realtime_offset;	/* epoch ns at clock_ns() == 0 */

u64 clock_realtime_ns(void)
{
	return READ_ONCE(realtime_offset) + clock_ns();
}

void clock_set_realtime(u64 ns_since_epoch)
{
	WRITE_ONCE(realtime_offset, ns_since_epoch - clock_ns());
}

void clock_init(u64 freq)
{
	clock_freq = freq;
	for (int i = 0; i < NR_CPUS; i++) {
		spin_lock_init(&bases[i].lock, "timer_base");
		bases[i].tree = RB_ROOT_CACHED;
		bases[i].cpu = i;
	}
}

void clock_cpu_init(unsigned int cpu)
{
	(void)cpu;
	arch_timer_cancel();
}

void timer_init(struct timer *t, void (*fn)(struct timer *))
{
	t->fn = fn;
	t->queued = false;
	t->base = NULL;
	t->expires = 0;
}

/* Program this CPU's hardware for its earliest timer. base->lock held. */
static void program_locked(struct timer_base *b)
{
	struct rb_node *first = rb_first_cached(&b->tree);

	if (first)
		arch_timer_program(rb_entry(first, struct timer, node)->expires);
	else
		arch_timer_cancel();
}

static void dequeue_locked(struct timer_base *b, struct timer *t)
{
	rb_erase_cached(&t->node, &b->tree);
	t->queued = false;
	b->nr_queued--;
}

/* Insert t; returns true if it became the earliest. b->lock held. */
static bool enqueue_locked(struct timer_base *b, struct timer *t)
{
	struct rb_node **link = &b->tree.rb_root.rb_node, *parent = NULL;
	bool leftmost = true;

	while (*link) {
		struct timer *other = rb_entry(*link, struct timer, node);

		parent = *link;
		if (t->expires < other->expires) {
			link = &parent->rb_left;
		} else {
			link = &parent->rb_right;
			leftmost = false;
		}
	}
	rb_link_node(&t->node, parent, link);
	rb_insert_color_cached(&t->node, &b->tree, leftmost);
	t->queued = true;
	t->base = b;
	b->nr_queued++;
	return leftmost;
}

/*
 * Lock the base t is queued on (if any), coping with t moving between
 * bases meanwhile. Returns the locked base or NULL with flags unchanged.
 */
static struct timer_base *lock_timer_base(struct timer *t, unsigned long *flags)
{
	for (;;) {
		struct timer_base *b = READ_ONCE(t->base);

		if (!b)
			return NULL;
		*flags = spin_lock_irqsave(&b->lock);
		if (b == READ_ONCE(t->base))
			return b;
		spin_unlock_irqrestore(&b->lock, *flags);
	}
}

bool timer_cancel(struct timer *t)
{
	unsigned long flags;
	struct timer_base *b = lock_timer_base(t, &flags);
	bool was = false;

	if (!b)
		return false;
	if (t->queued) {
		dequeue_locked(b, t);
		was = true;
	}
	spin_unlock_irqrestore(&b->lock, flags);
	return was;
}

void timer_cancel_sync(struct timer *t)
{
	for (;;) {
		unsigned long flags;
		struct timer_base *b = lock_timer_base(t, &flags);
		bool running;

		if (!b)
			return;
		if (t->queued)
			dequeue_locked(b, t);
		running = b->running == t;
		spin_unlock_irqrestore(&b->lock, flags);
		if (!running)
			return;
		cpu_relax();
	}
}

void timer_arm_on(struct timer *t, u64 expires, unsigned int cpu)
{
	struct timer_base *b = &bases[cpu];
	unsigned long flags;
	bool first;

	timer_cancel(t);
	flags = spin_lock_irqsave(&b->lock);
	t->expires = expires;
	first = enqueue_locked(b, t);
	if (first && cpu == cpu_id())
		program_locked(b);
	spin_unlock_irqrestore(&b->lock, flags);
	if (first && cpu != cpu_id())
		ipi_send(cpu, IPI_TIMER);
}

void timer_arm(struct timer *t, u64 expires)
{
	preempt_disable();
	timer_arm_on(t, expires, cpu_id());
	preempt_enable();
}

bool timer_pending(const struct timer *t)
{
	return READ_ONCE(t->queued);
}

void clock_reprogram(void)
{
	struct timer_base *b = &bases[cpu_id()];

	spin_lock(&b->lock);
	program_locked(b);
	spin_unlock(&b->lock);
}

/* Timer interrupt: run every expired timer, then program the next one. */
void clock_handle_irq(void)
{
	struct timer_base *b = &bases[cpu_id()];

	spin_lock(&b->lock);
	for (;;) {
		struct rb_node *first = rb_first_cached(&b->tree);
		struct timer *t;

		if (!first)
			break;
		t = rb_entry(first, struct timer, node);
		if (t->expires > arch_clock_read())
			break;
		dequeue_locked(b, t);
		b->running = t;
		spin_unlock(&b->lock);
		t->fn(t);
		spin_lock(&b->lock);
		b->running = NULL;
	}
	program_locked(b);
	spin_unlock(&b->lock);
}

unsigned long clock_armed_count(unsigned int cpu)
{
	return READ_ONCE(bases[cpu].nr_queued);
}
