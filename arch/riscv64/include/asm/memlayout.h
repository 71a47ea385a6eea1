/*
 * Sv39 virtual memory layout of Mica on riscv64. arch/ internal: the rest of
 * the kernel converts addresses only through core/ helpers.
 *
 *   0x0000000000000000 .. 0x0000003fffffffff  user (256 GiB)
 *   0xffffffc000000000 .. 0xffffffff7fffffff  direct map of physical memory
 *   0xffffffff80000000 .. 0xffffffffffffffff  kernel image (linked here)
 */
#ifndef ASM_MEMLAYOUT_H
#define ASM_MEMLAYOUT_H

#define PAGE_SHIFT 12
#define PAGE_OFFSET 0xffffffc000000000UL
#define DIRECT_MAP_SIZE 0x3f80000000UL
#define KERNEL_VMA 0xffffffff80000000UL
#define USER_TOP 0x0000004000000000UL

#define KSTACK_SIZE 16384
#define BOOT_DIRECT_MAP_GIB 8	/* gigapages of direct map set up by head.S */
#define BOOT_KERNEL_MAP_2M 32	/* 2 MiB pages of image window set up by head.S */

#endif
