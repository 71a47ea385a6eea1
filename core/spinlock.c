/*
 * Ticket spinlocks. A CPU takes a ticket with one atomic add and waits
 * until owner reaches it, so waiters are served in order. Preemption is off
 * while a lock is held: a task holding a spinlock never sleeps or migrates.
 */
#include <core/spinlock.h>
#include <core/panic.h>

void preempt_enable(void)
{
	barrier();
	this_cpu()->preempt_count--;
}

static void spin_acquire(spinlock_t *l)
{
	u16 ticket = __atomic_fetch_add(&l->val, 1U << 16, __ATOMIC_RELAXED) >> 16;
	unsigned long spins = 0;

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket) {
		cpu_relax();
		if (unlikely(++spins == (1UL << 29)))
			panic("spinlock %s: stuck, held by cpu %u", l->name ? l->name : "?",
			      l->holder - 1);
	}
	l->holder = cpu_id() + 1;
}

void spin_lock(spinlock_t *l)
{
	preempt_disable();
	spin_acquire(l);
}

bool spin_trylock(spinlock_t *l)
{
	u32 old, owner;

	preempt_disable();
	old = __atomic_load_n(&l->val, __ATOMIC_RELAXED);
	owner = old & 0xffff;
	old = owner | owner << 16;
	/* Only take a ticket when it would be served at once. */
	if (__atomic_compare_exchange_n(&l->val, &old, old + (1U << 16), false,
					__ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
		l->holder = cpu_id() + 1;
		return true;
	}
	preempt_enable();
	return false;
}

void spin_unlock(spinlock_t *l)
{
	l->holder = 0;
	__atomic_store_n(&l->owner, (u16)(l->owner + 1), __ATOMIC_RELEASE);
	preempt_enable();
}

unsigned long spin_lock_irqsave(spinlock_t *l)
{
	unsigned long flags = local_irq_save();

	spin_lock(l);
	return flags;
}

void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags)
{
	spin_unlock(l);
	local_irq_restore(flags);
}

bool spin_is_locked(const spinlock_t *l)
{
	u32 v = __atomic_load_n(&l->val, __ATOMIC_RELAXED);

	return (v & 0xffff) != v >> 16;
}

bool spin_held_here(const spinlock_t *l)
{
	return spin_is_locked(l) && READ_ONCE(l->holder) == cpu_id() + 1;
}
