#ifndef ASM_TIMER_H
#define ASM_TIMER_H

static inline u64 arch_clock_read(void)
{
	u64 t;

	__asm__ __volatile__("rdtime %0" : "=r"(t));
	return t;
}

#endif
