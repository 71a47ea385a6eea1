/*
 * Trap entry and exit. sscratch is 0 while the CPU runs kernel code and
 * holds the per-CPU pointer while it runs user code, so the first
 * instruction tells the two apart (the Linux convention).
 *
 * tp is the per-CPU pointer in the kernel. A kernel trap frame's tp is
 * never restored: a preempted task may resume on another CPU and must
 * keep that CPU's tp.
 */
#include <asm/csr.h>
#include <asm/trapframe.h>

#define CPU_USER_SP 0
#define CPU_KERNEL_SP 8
#define REG(n) ((n) - 1) * 8	/* offset of xN in the frame */

	.section .text
	.align 2
	.globl trap_vector
trap_vector:
	csrrw	tp, sscratch, tp
	bnez	tp, 1f
	csrr	tp, sscratch		/* from the kernel: tp was already ours */
	sd	sp, CPU_USER_SP(tp)
	j	2f
1:	sd	sp, CPU_USER_SP(tp)	/* from user: switch to the kernel stack */
	ld	sp, CPU_KERNEL_SP(tp)
2:	addi	sp, sp, -TF_SIZE
	sd	x1, REG(1)(sp)
	sd	x3, REG(3)(sp)
	sd	x5, REG(5)(sp)
	sd	x6, REG(6)(sp)
	sd	x7, REG(7)(sp)
	sd	x8, REG(8)(sp)
	sd	x9, REG(9)(sp)
	sd	x10, REG(10)(sp)
	sd	x11, REG(11)(sp)
	sd	x12, REG(12)(sp)
	sd	x13, REG(13)(sp)
	sd	x14, REG(14)(sp)
	sd	x15, REG(15)(sp)
	sd	x16, REG(16)(sp)
	sd	x17, REG(17)(sp)
	sd	x18, REG(18)(sp)
	sd	x19, REG(19)(sp)
	sd	x20, REG(20)(sp)
	sd	x21, REG(21)(sp)
	sd	x22, REG(22)(sp)
	sd	x23, REG(23)(sp)
	sd	x24, REG(24)(sp)
	sd	x25, REG(25)(sp)
	sd	x26, REG(26)(sp)
	sd	x27, REG(27)(sp)
	sd	x28, REG(28)(sp)
	sd	x29, REG(29)(sp)
	sd	x30, REG(30)(sp)
	sd	x31, REG(31)(sp)
	ld	t0, CPU_USER_SP(tp)
	sd	t0, REG(2)(sp)
	csrrw	t0, sscratch, zero	/* old tp (user's or ours); kernel from now on */
	sd	t0, REG(4)(sp)
	csrr	t0, sepc
	sd	t0, TF_SEPC * 8(sp)
	csrr	t0, sstatus
	sd	t0, TF_SSTATUS * 8(sp)
	csrr	t0, stval
	sd	t0, TF_STVAL * 8(sp)
	csrr	t0, scause
	sd	t0, TF_SCAUSE * 8(sp)
	mv	fp, zero
	mv	a0, sp
	call	trap_handler

	.globl trap_return
trap_return:
	ld	t0, TF_SSTATUS * 8(sp)
	csrw	sstatus, t0
	ld	t1, TF_SEPC * 8(sp)
	csrw	sepc, t1
	andi	t0, t0, SSTATUS_SPP
	bnez	t0, 3f
	/* to user: our tp goes back to sscratch, the user's tp is restored */
	addi	t1, sp, TF_SIZE
	sd	t1, CPU_KERNEL_SP(tp)
	csrw	sscratch, tp
	ld	x4, REG(4)(sp)
3:	ld	x1, REG(1)(sp)
	ld	x3, REG(3)(sp)
	ld	x5, REG(5)(sp)
	ld	x6, REG(6)(sp)
	ld	x7, REG(7)(sp)
	ld	x8, REG(8)(sp)
	ld	x9, REG(9)(sp)
	ld	x10, REG(10)(sp)
	ld	x11, REG(11)(sp)
	ld	x12, REG(12)(sp)
	ld	x13, REG(13)(sp)
	ld	x14, REG(14)(sp)
	ld	x15, REG(15)(sp)
	ld	x16, REG(16)(sp)
	ld	x17, REG(17)(sp)
	ld	x18, REG(18)(sp)
	ld	x19, REG(19)(sp)
	ld	x20, REG(20)(sp)
	ld	x21, REG(21)(sp)
	ld	x22, REG(22)(sp)
	ld	x23, REG(23)(sp)
	ld	x24, REG(24)(sp)
	ld	x25, REG(25)(sp)
	ld	x26, REG(26)(sp)
	ld	x27, REG(27)(sp)
	ld	x28, REG(28)(sp)
	ld	x29, REG(29)(sp)
	ld	x30, REG(30)(sp)
	ld	x31, REG(31)(sp)
	ld	x2, REG(2)(sp)
	sret

/* void arch_return_to_user(struct trapframe *tf): tf is at the stack top. */
	.globl arch_return_to_user
arch_return_to_user:
	mv	sp, a0
	j	trap_return
