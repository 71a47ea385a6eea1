/*
 * x86_64: the clock is the TSC (invariant on the CPUs Mica targets),
 * counted from its value at boot (x86_tsc_boot): under KVM the guest's TSC
 * does not start at zero.
 */
#ifndef ASM_TIMER_H
#define ASM_TIMER_H

extern u64 x86_tsc_boot;

static inline u64 x86_rdtsc(void)
{
	u32 lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

static inline u64 arch_clock_read(void)
{
	return x86_rdtsc() - x86_tsc_boot;
}

#endif
