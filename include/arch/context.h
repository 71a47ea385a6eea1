/*
 * Kernel context switch. A task's saved context holds the callee-saved
 * registers; arch_context_switch() stores the running one and resumes the
 * other, returning in the resumed task when it is switched back in.
 */
#ifndef ARCH_CONTEXT_H
#define ARCH_CONTEXT_H

#include <mica/types.h>

struct arch_context {
	unsigned long ra, sp, s[12];
};

void arch_context_switch(struct arch_context *prev, struct arch_context *next);

/*
 * Prepare a never-run context: when first switched to, it calls
 * entry(arg) on the stack whose top is stack_top. entry must not return.
 */
void arch_context_init(struct arch_context *ctx, unsigned long stack_top,
		       void (*entry)(void *), void *arg);

#endif
