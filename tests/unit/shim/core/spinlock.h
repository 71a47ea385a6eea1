/*
 * Host stand-in for include/core/spinlock.h: single-threaded, so a lock
 * only records that it is held. Misuse (taking a held lock, releasing a free
 * one, restoring flags from another acquisition) panics, and
 * shim_spin_held counts the locks held right now so that a test can check
 * that something is called with no lock held.
 */
#ifndef CORE_SPINLOCK_H
#define CORE_SPINLOCK_H

#include <mica/types.h>
#include <core/panic.h>

typedef struct {
	bool held;
	const char *name;
} spinlock_t;

#define SPINLOCK_INIT(n) { false, n }
#define DEFINE_SPINLOCK(x) spinlock_t x = SPINLOCK_INIT(#x)

/* The irqsave "flags": a fixed cookie that spin_unlock_irqrestore checks. */
#define SHIM_IRQ_FLAGS 0x1f1a95UL

/* Locks held now, over the whole program (weak: one definition per program). */
__attribute__((weak)) unsigned int shim_spin_held;

static inline void spin_lock_init(spinlock_t *l, const char *name)
{
	l->held = false;
	l->name = name;
}

static inline void spin_lock(spinlock_t *l)
{
	if (l->held)
		panic("spin_lock(%s): already held (deadlock)", l->name);
	l->held = true;
	shim_spin_held++;
}

static inline void spin_unlock(spinlock_t *l)
{
	if (!l->held)
		panic("spin_unlock(%s): not held", l->name);
	l->held = false;
	shim_spin_held--;
}

static inline bool spin_trylock(spinlock_t *l)
{
	if (l->held)
		return false;
	spin_lock(l);
	return true;
}

static inline unsigned long spin_lock_irqsave(spinlock_t *l)
{
	spin_lock(l);
	return SHIM_IRQ_FLAGS;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags)
{
	if (flags != SHIM_IRQ_FLAGS)
		panic("spin_unlock_irqrestore(%s): bad flags %#lx", l->name, flags);
	spin_unlock(l);
}

static inline bool spin_is_locked(const spinlock_t *l)
{
	return l->held;
}

static inline bool spin_held_here(const spinlock_t *l)
{
	return l->held;
}

#define assert_spin_locked(l) BUG_ON(!spin_held_here(l))

/* After a test caught a panic raised with l held: forget that it was held. */
static inline void shim_spin_reset(spinlock_t *l)
{
	if (l->held) {
		l->held = false;
		shim_spin_held--;
	}
}

#endif
