/* x86_64 kernel contexts: see switch.S. */
#include <arch/context.h>
#include <mica/compiler.h>

extern char context_trampoline[];

void arch_context_init(struct arch_context *ctx, unsigned long stack_top,
		       void (*entry)(void *), void *arg)
{
	/* context_trampoline is "returned" to; after that ret the stack is
	 * 16-byte aligned, so its call enters entry as the ABI wants. */
	unsigned long *sp = (unsigned long *)(ALIGN_DOWN(stack_top, 16) - 24);

	*sp = (unsigned long)context_trampoline;
	ctx->rsp = (unsigned long)sp;
	ctx->rbx = (unsigned long)entry;
	ctx->r12 = (unsigned long)arg;
	ctx->rbp = 0;
	ctx->r13 = ctx->r14 = ctx->r15 = 0;
}
