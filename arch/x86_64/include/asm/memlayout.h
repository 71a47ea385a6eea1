/*
 * x86_64 virtual memory layout of Mica (4-level paging, 48-bit addresses).
 * arch/ internal: the rest of the kernel converts addresses only through
 * core/ helpers.
 *
 *   0x0000000000000000 .. 0x00007ffffffff000  user (128 TiB less a page)
 *   0xffff888000000000 .. 0xffffc87fffffffff  direct map of physical memory
 *   0xffffffff80000000 .. 0xffffffffffffffff  kernel image: physical address
 *                                             p is mapped at KERNEL_MAP_BASE + p
 *
 * QEMU's PVH loader puts the image at its ELF physical addresses,
 * KERNEL_LOAD_PA onwards (as Linux, 16 MiB: clear of the BIOS areas).
 */
#ifndef ASM_MEMLAYOUT_H
#define ASM_MEMLAYOUT_H

#define PAGE_SHIFT 12
#define PAGE_OFFSET 0xffff888000000000UL
#define DIRECT_MAP_SIZE 0x0000400000000000UL
#define KERNEL_MAP_BASE 0xffffffff80000000UL
#define KERNEL_LOAD_PA 0x1000000UL
#define KERNEL_VMA 0xffffffff81000000UL	/* KERNEL_MAP_BASE + KERNEL_LOAD_PA: _start */
/* The last user page stays unmapped: no instruction can run into the
 * non-canonical hole from it (Linux's TASK_SIZE). */
#define USER_TOP 0x00007ffffffff000UL

#define KSTACK_SIZE 16384
#define BOOT_DIRECT_MAP_GIB 4	/* direct map set up by head.S, with 2 MiB pages */

#endif
