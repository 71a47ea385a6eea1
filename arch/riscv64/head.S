/*
 * Boot entry. OpenSBI starts the boot hart here in S-mode with the MMU off,
 * a0 = hart id, a1 = physical address of the device tree.
 *
 * The boot page table maps the kernel window 0xffffffff80000000 onto the
 * load address with 2 MiB pages and the direct map with 1 GiB pages, then
 * we enable the MMU and land on the high addresses by setting stvec to the
 * virtual address of the next instruction: the first fetch after satp is
 * written faults there (no identity mapping needed).
 */
#include <asm/csr.h>
#include <asm/memlayout.h>

#define PTE_LEAF_RW 0xe7	/* V R W A D G */
#define PTE_LEAF_RWX 0xef	/* V R W X A D G */

	.section .text.head, "ax"
	.globl _start
_start:
	csrw	sie, zero
	li	t0, SSTATUS_FS | SSTATUS_SIE
	csrc	sstatus, t0
	/*
	 * One hart boots. Should firmware send another one here too, it
	 * parks (stopped through SBI HSM, so smp_start_secondaries can start
	 * it properly later) instead of running the boot on the same stack
	 * and page tables; Linux's head.S draws the same lottery. The ticket
	 * is in .data, which the winner's .bss clearing leaves alone.
	 */
	lla	t0, boot_lottery
	li	t1, 1
	amoswap.w t1, t1, (t0)
	bnez	t1, .Lpark
	mv	s0, a0
	mv	s1, a1

	/* Clear .bss (physical addresses: pc-relative while the MMU is off). */
	lla	t0, __bss_start
	lla	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:
	lla	s2, _start			/* s2 = load address */
	lla	t0, kernel_image_pa_boot
	sd	s2, 0(t0)

	/* Direct map: root[256 + i] = 1 GiB page at i GiB. */
	lla	t0, boot_pt_root
	li	t1, 256 * 8
	add	t1, t0, t1
	li	t2, 0
	li	t3, BOOT_DIRECT_MAP_GIB
3:	slli	t4, t2, 28
	ori	t4, t4, PTE_LEAF_RW
	sd	t4, 0(t1)
	addi	t1, t1, 8
	addi	t2, t2, 1
	blt	t2, t3, 3b

	/* Kernel window: root[510] -> boot_pt_kernel, 2 MiB pages from s2. */
	lla	t1, boot_pt_kernel
	srli	t2, t1, 2
	ori	t2, t2, 1
	li	t3, 510 * 8
	add	t3, t0, t3
	sd	t2, 0(t3)
	li	t2, 0
	li	t3, BOOT_KERNEL_MAP_2M
	srli	t4, s2, 2
4:	slli	t5, t2, 19			/* 2 MiB >> 2 */
	add	t5, t5, t4
	ori	t5, t5, PTE_LEAF_RWX
	sd	t5, 0(t1)
	addi	t1, t1, 8
	addi	t2, t2, 1
	blt	t2, t3, 4b

	/* satp and the virtual-minus-physical offset of the image */
	srli	t0, t0, 12
	li	t1, SATP_MODE_SV39
	or	t0, t0, t1
	li	t2, KERNEL_VMA
	sub	t2, t2, s2
	lla	t3, 5f
	add	t3, t3, t2
	csrw	stvec, t3
	sfence.vma
	csrw	satp, t0
	.align 2
5:	/* now at the virtual address */
	lla	sp, boot_stack_top
	mv	a0, s0
	mv	a1, s1
	li	fp, 0
	call	start_kernel
6:	wfi
	j	6b

/*
 * Secondary harts, started by SBI HSM with a0 = hart id and a1 = physical
 * address of secondary_boot_args {satp, cpu, stack top, va - pa offset}.
 */
	.globl secondary_start
secondary_start:
	csrw	sie, zero
	li	t0, SSTATUS_FS | SSTATUS_SIE
	csrc	sstatus, t0
	ld	t0, 0(a1)
	ld	t1, 8(a1)
	ld	t2, 16(a1)
	ld	t3, 24(a1)
	lla	t4, 7f
	add	t4, t4, t3
	csrw	stvec, t4
	sfence.vma
	csrw	satp, t0
	.align 2
7:	sfence.vma
	mv	tp, t1
	mv	sp, t2
	li	fp, 0
	mv	a0, t1
	call	secondary_main
8:	wfi
	j	8b

	/* A hart that lost the boot lottery: stopped (HSM HART_STOP), or
	 * idle for good if the firmware refuses. */
.Lpark:
	li	a7, 0x48534d
	li	a6, 1
	ecall
9:	wfi
	j	9b

	.section .data
	.balign 4
boot_lottery:
	.word	0

	.section .bss
	.balign 4096
boot_pt_root:
	.space 4096
boot_pt_kernel:
	.space 4096
	.balign 16
	.globl boot_stack
boot_stack:
	.space KSTACK_SIZE
	.globl boot_stack_top
boot_stack_top:
	.globl kernel_image_pa_boot
	.balign 8
kernel_image_pa_boot:
	.space 8
