/*
 * Spinlocks: fair ticket locks that also disable preemption. The _irqsave
 * forms are for data shared with interrupt handlers. A holder must not
 * sleep; debug builds check it in the scheduler.
 */
#ifndef CORE_SPINLOCK_H
#define CORE_SPINLOCK_H

#include <core/cpu.h>

/*
 * Both halves share one word so that taking a ticket is a single 32-bit
 * atomic add (RISC-V has no 16-bit atomics); only the holder writes owner,
 * with a plain halfword store.
 */
typedef struct {
	union {
		u32 val;
		struct {
			u16 owner;	/* ticket now served (low half) */
			u16 next;	/* next ticket to hand out */
		};
	};
	u32 holder;	/* cpu id + 1 of the holder, 0 when free (debug aid) */
	const char *name;
} spinlock_t;

#define SPINLOCK_INIT(n) { { 0 }, 0, n }
#define DEFINE_SPINLOCK(x) spinlock_t x = SPINLOCK_INIT(#x)

static inline void spin_lock_init(spinlock_t *l, const char *name)
{
	l->val = 0;
	l->holder = 0;
	l->name = name;
}

void spin_lock(spinlock_t *l);
void spin_unlock(spinlock_t *l);
bool spin_trylock(spinlock_t *l);
unsigned long spin_lock_irqsave(spinlock_t *l);
void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags);
bool spin_is_locked(const spinlock_t *l);
/* Held by this CPU: exact only for locks taken through this API. */
bool spin_held_here(const spinlock_t *l);

#define assert_spin_locked(l) BUG_ON(!spin_held_here(l))

#endif
