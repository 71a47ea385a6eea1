/* riscv64 kernel contexts: see switch.S. */
#include <arch/context.h>

extern char context_trampoline[];

void arch_context_init(struct arch_context *ctx, unsigned long stack_top,
		       void (*entry)(void *), void *arg)
{
	for (int i = 0; i < 12; i++)
		ctx->s[i] = 0;
	ctx->ra = (unsigned long)context_trampoline;
	ctx->sp = stack_top;
	ctx->s[0] = 0;	/* fp: end of the frame chain */
	ctx->s[1] = (unsigned long)entry;
	ctx->s[2] = (unsigned long)arg;
}
