/*
 * Kernel context switch. A task's saved context holds the callee-saved
 * registers; arch_context_switch() stores the running one and resumes the
 * other, returning in the resumed task when it is switched back in.
 */
#ifndef ARCH_CONTEXT_H
#define ARCH_CONTEXT_H

#include <mica/types.h>

/* struct arch_context and struct arch_fp_state, laid out by the architecture. */
#include <asm/context.h>

void arch_context_switch(struct arch_context *prev, struct arch_context *next);

/* A user thread's floating-point registers, saved while it is switched out. */
void arch_fp_save(struct arch_fp_state *fp);
void arch_fp_restore(const struct arch_fp_state *fp);

/*
 * Prepare a never-run context: when first switched to, it calls
 * entry(arg) on the stack whose top is stack_top. entry must not return.
 */
void arch_context_init(struct arch_context *ctx, unsigned long stack_top,
		       void (*entry)(void *), void *arg);

#endif
