/* See include/kernel/random.h. */
#include <kernel/random.h>
#include <core/clock.h>
#include <core/spinlock.h>

static DEFINE_SPINLOCK(random_lock);
static u64 random_state;

u64 random_u64(void)
{
	unsigned long flags = spin_lock_irqsave(&random_lock);
	u64 x = random_state ? random_state : clock_ticks() | 1;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	x ^= clock_ticks() * 0x9e3779b97f4a7c15ULL;
	random_state = x;
	spin_unlock_irqrestore(&random_lock, flags);
	return x;
}
