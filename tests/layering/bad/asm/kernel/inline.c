/* Inline assembly in every spelling the compiler accepts. */
#include <mica/types.h>

static inline void fence(void)
{
	asm volatile("fence rw, rw" ::: "memory");	/* BAD */
}

static inline unsigned long get_tp(void)
{
	unsigned long tp;
	__asm__ __volatile__ ("mv %0, tp" : "=r"(tp));	/* BAD */
	return tp;
}

static void nop(void)
{
	__asm__("nop");		/* BAD */
	asm ("nop");		/* BAD */
	__asm volatile ("nop");	/* BAD */
	asm goto ("j %l0" :::: out);	/* BAD */
out:
	return;
}
