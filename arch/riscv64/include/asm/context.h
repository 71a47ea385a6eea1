/* riscv64 saved contexts: the callee-saved registers (switch.S) and the FPU. */
#ifndef ASM_CONTEXT_H
#define ASM_CONTEXT_H

struct arch_context {
	unsigned long ra, sp, s[12];
};

struct arch_fp_state {
	u64 f[32];
	u64 fcsr;
};

#endif
