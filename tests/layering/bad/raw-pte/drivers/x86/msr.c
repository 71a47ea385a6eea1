/* x86_64 control registers, MSRs and TLB invalidation belong to arch/. */
#include <core/mm.h>

static void bad_x86(unsigned long va)
{
	unsigned long v = rdmsr(MSR_EFER);			/* BAD */
	wrmsr(0x1b, v | EFER_NXE);				/* BAD */
	write_cr3(read_cr3());					/* BAD */
	write_cr4(v | CR4_PGE);					/* BAD */
	invlpg(va);						/* BAD */
}
