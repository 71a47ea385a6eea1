/*
 * x86_64 saved contexts. arch_context: the callee-saved registers of the
 * SysV ABI and the stack pointer (switch.S); rip is on the stack.
 * arch_fp_state: the FXSAVE image (user FPU state; user mode is not
 * implemented yet on x86_64, so nothing fills it).
 */
#ifndef ASM_CONTEXT_H
#define ASM_CONTEXT_H

struct arch_context {
	unsigned long rsp, rbx, rbp, r12, r13, r14, r15;
};

struct arch_fp_state {
	u8 fxsave[512] __attribute__((aligned(16)));
};

#endif
