/*
 * Trap entry and exit. Every vector has a 16-byte stub (trap_stubs +
 * 16 * vector) that pushes a zero where the CPU pushed no error code, and
 * the vector; trap_common saves the rest of struct trapframe and calls
 * trap_handler(tf). From user mode (CPL 3 in the saved CS) the GS base is
 * swapped to the kernel's and back on the way out.
 */
#include <asm/trapframe.h>

/* Vectors whose exceptions push an error code (SDM vol. 3, 6.13). */
#define HAS_ERROR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || \
		      (v) == 29 || (v) == 30)

	.section .text
	.balign 16
	.globl trap_stubs
trap_stubs:
	.set vec, 0
	.rept 256
	.balign 16
	.if !HAS_ERROR(vec)
	pushq	$0
	.endif
	pushq	$vec
	jmp	trap_common
	.set vec, vec + 1
	.endr

trap_common:
	testb	$3, 24(%rsp)		/* saved CS (above vector, error, rip) */
	jz	1f
	swapgs
1:	pushq	$-1			/* orig_rax: set by the system call entry */
	subq	$8, %rsp		/* cr2 */
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%cr2, %rax
	movq	%rax, TF_CR2 * 8(%rsp)
	cld
	xorl	%ebp, %ebp		/* ends backtraces here; tf has the rest */
	movq	%rsp, %rdi
	call	trap_handler

	.globl trap_return
trap_return:
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	addq	$32, %rsp		/* cr2, orig_rax, vector, error */
	testb	$3, 8(%rsp)
	jz	2f
	swapgs
2:	iretq
