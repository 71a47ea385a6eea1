/*
 * User copies. Every instruction that touches user memory has an entry in
 * __ex_table: if it faults and the fault cannot be resolved, the trap
 * handler resumes at the fixup, which closes user access and returns the
 * number of bytes not copied.
 *
 * unsigned long __arch_copy_user(void *dst, const void *src, unsigned long n)
 * unsigned long __arch_clear_user(void *dst, unsigned long n)
 * long __arch_strncpy_user(char *dst, const char *src, unsigned long n)
 *	(length copied without the NUL, -1 on a fault, n when no NUL within n)
 */
#include <asm/csr.h>

#define EX_ENTRY(insn, fixup)		\
	.pushsection __ex_table, "a";	\
	.balign 8;			\
	.dword insn, fixup;		\
	.popsection

	.section .text
	.globl __arch_copy_user
__arch_copy_user:
	li	t6, SSTATUS_SUM
	csrs	sstatus, t6
	/* Word at a time while both are aligned, then bytes. */
	or	t0, a0, a1
	andi	t0, t0, 7
	bnez	t0, 3f
1:	li	t1, 8
	bltu	a2, t1, 3f
10:	ld	t2, 0(a1)
11:	sd	t2, 0(a0)
	addi	a0, a0, 8
	addi	a1, a1, 8
	addi	a2, a2, -8
	j	1b
3:	beqz	a2, 4f
12:	lb	t2, 0(a1)
13:	sb	t2, 0(a0)
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	a2, a2, -1
	j	3b
4:	csrc	sstatus, t6
	li	a0, 0
	ret
	EX_ENTRY(10b, 90f)
	EX_ENTRY(11b, 90f)
	EX_ENTRY(12b, 90f)
	EX_ENTRY(13b, 90f)

	.globl __arch_clear_user
__arch_clear_user:
	li	t6, SSTATUS_SUM
	csrs	sstatus, t6
	mv	a2, a1
5:	beqz	a2, 4b
14:	sb	zero, 0(a0)
	addi	a0, a0, 1
	addi	a2, a2, -1
	j	5b
	EX_ENTRY(14b, 90f)

	.globl __arch_strncpy_user
__arch_strncpy_user:
	li	t6, SSTATUS_SUM
	csrs	sstatus, t6
	li	t0, 0
6:	beq	t0, a2, 7f
15:	lb	t2, 0(a1)
	sb	t2, 0(a0)
	beqz	t2, 7f
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	t0, t0, 1
	j	6b
7:	csrc	sstatus, t6
	mv	a0, t0
	ret
	EX_ENTRY(15b, 91f)

/* Fixups: bytes left in a2, or -1 for strncpy. */
90:	csrc	sstatus, t6
	mv	a0, a2
	ret
91:	csrc	sstatus, t6
	li	a0, -1
	ret

/*
 * long __arch_cmpxchg_user_u32(u32 *uaddr, u32 old, u32 new, u32 *seen)
 *	Atomically replace *uaddr by new if it holds old (LR/SC, fully
 *	ordered); *seen gets the value found. 0, or -EFAULT (-14) on a fault.
 *	Futexes use it for the words user space updates with its own atomics.
 */
	.globl __arch_cmpxchg_user_u32
__arch_cmpxchg_user_u32:
	li	t6, SSTATUS_SUM
	csrs	sstatus, t6
16:	lr.w.aqrl t0, (a0)
	bne	t0, a1, 8f
17:	sc.w.aqrl t1, a2, (a0)
	bnez	t1, 16b
8:	csrc	sstatus, t6
	sw	t0, 0(a3)
	li	a0, 0
	ret
	EX_ENTRY(16b, 92f)
	EX_ENTRY(17b, 92f)
92:	csrc	sstatus, t6
	li	a0, -14
	ret
