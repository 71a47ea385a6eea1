/* x86_64 secondary CPU start (smp.c, trampoline.S). arch/ internal. */
#ifndef ASM_SMP_H
#define ASM_SMP_H

#define TRAMPOLINE_PA 0x8000	/* below 1 MiB, page aligned: SIPI vector 0x08 */

/* Offsets in struct x86_ap_args, for trampoline.S. */
#define AP_ARGS_CPU 0
#define AP_ARGS_STACK 8
#define AP_ARGS_ROOT 16

#ifndef __ASSEMBLER__
#include <mica/types.h>

/* Read by the starting CPU; one CPU starts at a time. */
struct x86_ap_args {
	u64 cpu;	/* struct cpu * */
	u64 stack;	/* top of its boot stack */
	u64 root;	/* kernel page table root */
};
#endif

#endif
