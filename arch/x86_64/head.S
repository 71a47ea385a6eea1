/*
 * Boot entry through the PVH boot protocol (Xen's x86/HVM direct boot ABI,
 * which QEMU's -kernel follows for an ELF with the note below): 32-bit
 * protected mode, paging off, flat CS/DS, interrupts off, ebx = physical
 * address of struct hvm_start_info, no stack.
 *
 * The code runs at its physical address until long mode is on, so every
 * absolute reference goes through PA(). The boot page tables are static:
 * the first 4 GiB are mapped with 2 MiB pages three times, at 0 (identity,
 * for the switch), at PAGE_OFFSET (the direct map) and, for the first GiB,
 * at KERNEL_MAP_BASE (the image). core/kpt.c replaces them with the
 * final kernel table (W^X, every RAM range) once frames exist.
 */
#include <asm/memlayout.h>
#include <asm/x86.h>

#define PA(x) ((x) - KERNEL_MAP_BASE)
#define PDE_LARGE 0x83		/* P, R/W, PS */
#define PTE_TABLE 0x03		/* P, R/W */
#define XEN_ELFNOTE_PHYS32_ENTRY 18

	.section .note.Xen, "a"
	.balign 4
	.long 4				/* namesz: "Xen\0" */
	.long 4				/* descsz */
	.long XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.long PA(_start)

	.section .text.head, "ax"
	.code32
	.globl _start
_start:
	cli
	cld
	movl	%ebx, %esi		/* hvm_start_info, kept for start */
	movl	$PA(boot_stack_top), %esp
	lgdt	PA(boot_gdt_desc)
	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$PA(boot_pml4), %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	wrmsr
	movl	%cr0, %eax
	andl	$~(CR0_CD | CR0_NW), %eax	/* caches on, whatever the loader left */
	orl	$(CR0_PG | CR0_WP | CR0_PE), %eax
	movl	%eax, %cr0
	ljmp	$GDT_KERNEL_CS, $PA(1f)

	.code64
1:	/* Long mode, still at the identity address: go up to the link address. */
	movabs	$2f, %rax
	jmp	*%rax
2:	movl	$GDT_KERNEL_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	/* Clear .bss (the loader zero-fills it too; nothing there is in use yet). */
	movq	%rsi, %rbx
	movabs	$__bss_start, %rdi
	movabs	$__bss_end, %rcx
	subq	%rdi, %rcx
	rep stosb
	movabs	$boot_stack_top, %rsp
	xorl	%ebp, %ebp
	movq	%rbx, %rdi
	call	x86_start		/* x86_start(start_info_pa) does not return */
3:	cli
	hlt
	jmp	3b

/* The boot GDT: null, kernel code (64-bit), kernel data. */
	.section .rodata
	.balign 16
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff
	.quad 0x00cf92000000ffff
boot_gdt_end:
	.balign 4
	.word 0
boot_gdt_desc:
	.word boot_gdt_end - boot_gdt - 1
	.long PA(boot_gdt)

	.section .data
	.balign 4096
	.globl boot_pml4	/* trampoline.S starts the other CPUs on these tables */
boot_pml4:
	.quad PA(boot_pdpt_low) + PTE_TABLE	/* 0: identity */
	.fill 272, 8, 0
	.quad PA(boot_pdpt_low) + PTE_TABLE	/* 273: PAGE_OFFSET */
	.fill 237, 8, 0
	.quad PA(boot_pdpt_high) + PTE_TABLE	/* 511: the image */
boot_pdpt_low:
	.quad PA(boot_pd) + PTE_TABLE
	.quad PA(boot_pd) + 0x1000 + PTE_TABLE
	.quad PA(boot_pd) + 0x2000 + PTE_TABLE
	.quad PA(boot_pd) + 0x3000 + PTE_TABLE
	.fill 508, 8, 0
boot_pdpt_high:
	.fill 510, 8, 0
	.quad PA(boot_pd) + PTE_TABLE		/* 510: KERNEL_MAP_BASE */
	.quad 0
boot_pd:
	.set i, 0
	.rept 512 * BOOT_DIRECT_MAP_GIB
	.quad (i << 21) + PDE_LARGE
	.set i, i + 1
	.endr

	.section .bss
	.balign 16
	.globl boot_stack
boot_stack:
	.space KSTACK_SIZE
	.globl boot_stack_top
boot_stack_top:
