/*
 * User copies. Every instruction that touches user memory has an entry in
 * __ex_table: if it faults and the fault cannot be resolved, the trap
 * handler resumes at the fixup, which returns the number of bytes not
 * copied (rep movsb/stosb leave it in rcx). SMAP is not enabled yet, so
 * no stac/clac.
 *
 * unsigned long __arch_copy_user(void *dst, const void *src, unsigned long n)
 * unsigned long __arch_clear_user(void *dst, unsigned long n)
 * long __arch_strncpy_user(char *dst, const char *src, unsigned long n)
 *	(length copied without the NUL, -1 on a fault, n when no NUL within n)
 * long __arch_cmpxchg_user_u32(u32 *uaddr, u32 old, u32 new, u32 *seen)
 *	(0, or -EFAULT (-14); *seen gets the value found)
 */
#define EX_ENTRY(insn, fixup)		\
	.pushsection __ex_table, "a";	\
	.balign 8;			\
	.quad insn, fixup;		\
	.popsection

	.section .text
	.globl __arch_copy_user
__arch_copy_user:
	movq	%rdx, %rcx
10:	rep movsb
	xorl	%eax, %eax
	ret
	EX_ENTRY(10b, 90f)

	.globl __arch_clear_user
__arch_clear_user:
	movq	%rsi, %rcx
	xorl	%eax, %eax
11:	rep stosb
	ret
	EX_ENTRY(11b, 90f)

	.globl __arch_strncpy_user
__arch_strncpy_user:
	xorl	%eax, %eax
1:	cmpq	%rdx, %rax
	je	2f
12:	movb	(%rsi,%rax), %cl
	movb	%cl, (%rdi,%rax)
	testb	%cl, %cl
	jz	2f
	incq	%rax
	jmp	1b
2:	ret
	EX_ENTRY(12b, 91f)

	.globl __arch_cmpxchg_user_u32
__arch_cmpxchg_user_u32:
	movl	%esi, %eax
13:	lock cmpxchgl %edx, (%rdi)
	movl	%eax, (%rcx)
	xorl	%eax, %eax
	ret
	EX_ENTRY(13b, 92f)

/* Fixups: bytes left, -1 for strncpy, -EFAULT for cmpxchg. */
90:	movq	%rcx, %rax
	ret
91:	movq	$-1, %rax
	ret
92:	movq	$-14, %rax
	ret
