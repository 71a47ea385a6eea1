/*
 * Secondary CPU start. smp.c copies trampoline_start..trampoline_end to
 * TRAMPOLINE_PA (a page below 1 MiB) and sends INIT-SIPI-SIPI with that
 * page as the start vector: the CPU starts here in real mode at
 * TRAMPOLINE_PA >> 4 : 0. It goes to protected mode, then long mode on
 * head.S's boot page tables (they map this page identically and the image
 * at its link address), and jumps to secondary_start64 in the image,
 * which switches to the kernel page table and stack of x86_ap_args.
 * Addresses inside the copy are TRAMPOLINE_PA + (label - trampoline_start).
 */
#include <asm/memlayout.h>
#include <asm/smp.h>
#include <asm/x86.h>

#define PA(x) ((x) - KERNEL_MAP_BASE)
#define T(x) (TRAMPOLINE_PA + ((x) - trampoline_start))

	.section .text
	.code16
	.globl trampoline_start
trampoline_start:
	cli
	cld
	movw	%cs, %ax
	movw	%ax, %ds
	lgdtl	tramp_gdtr - trampoline_start
	movl	%cr0, %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	$0x08, $T(1f)

	.code32
1:	movl	$0x10, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$PA(boot_pml4), %eax
	movl	%eax, %cr3
	/* EFER: long mode, and NX when the CPU has it (the kernel table uses XD). */
	movl	$0x80000001, %eax
	cpuid
	xorl	%esi, %esi
	testl	$(1 << 20), %edx
	jz	2f
	movl	$EFER_NXE, %esi
2:	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	orl	%esi, %eax
	wrmsr
	movl	%cr0, %eax
	andl	$~(CR0_CD | CR0_NW), %eax
	orl	$(CR0_PG | CR0_WP), %eax
	movl	%eax, %cr0
	ljmpl	$0x18, $T(3f)

	.code64
3:	movabs	$secondary_start64, %rax
	jmp	*%rax

	.balign 8
tramp_gdt:
	.quad 0
	.quad 0x00cf9a000000ffff	/* 0x08: 32-bit code */
	.quad 0x00cf92000000ffff	/* 0x10: data */
	.quad 0x00af9a000000ffff	/* 0x18: 64-bit code */
tramp_gdtr:
	.word tramp_gdtr - tramp_gdt - 1
	.long T(tramp_gdt)
	.globl trampoline_end
trampoline_end:

/* In the image, on the boot page tables: the kernel's own table and stack. */
secondary_start64:
	movl	$GDT_KERNEL_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movabs	$x86_ap_args, %rbx
	movq	AP_ARGS_ROOT(%rbx), %rax
	movq	%rax, %cr3
	movq	AP_ARGS_STACK(%rbx), %rsp
	movq	AP_ARGS_CPU(%rbx), %rdi
	xorl	%ebp, %ebp
	call	x86_secondary		/* does not return */
4:	cli
	hlt
	jmp	4b
