/*
 * arch_context_switch(prev, next): save the callee-saved registers and the
 * stack pointer of the running task into *prev and resume *next; the
 * return address stays on each task's stack. Layout: struct arch_context.
 */
	.section .text
	.globl arch_context_switch
arch_context_switch:
	movq	%rsp, 0(%rdi)
	movq	%rbx, 8(%rdi)
	movq	%rbp, 16(%rdi)
	movq	%r12, 24(%rdi)
	movq	%r13, 32(%rdi)
	movq	%r14, 40(%rdi)
	movq	%r15, 48(%rdi)
	movq	0(%rsi), %rsp
	movq	8(%rsi), %rbx
	movq	16(%rsi), %rbp
	movq	24(%rsi), %r12
	movq	32(%rsi), %r13
	movq	40(%rsi), %r14
	movq	48(%rsi), %r15
	ret

/* First switch into a new task: rbx = entry, r12 = argument, rbp = 0 ends backtraces. */
	.globl context_trampoline
context_trampoline:
	movq	%r12, %rdi
	call	*%rbx
1:	cli
	hlt
	jmp	1b
