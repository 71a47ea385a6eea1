/*
 * The boot protocol: the architecture's entry hands start_kernel() its
 * boot CPU's hardware id and the physical address of what the boot loader
 * passed (riscv64: the device tree; x86_64: the PVH hvm_start_info), and
 * arch_boot_info_init() turns that into struct boot_info (core/boot.h):
 * RAM, reserved ranges, CPUs, command line, initrd, timer frequency.
 */
#ifndef ARCH_BOOT_H
#define ARCH_BOOT_H

#include <mica/types.h>

/* 0, or a negative errno and *why (a phrase) when the data is refused. */
int arch_boot_info_init(unsigned long boot_hwid, paddr_t boot_data_pa, const char **why);
/* What boot_data_pa points to, for the message when it is refused. */
extern const char arch_boot_data_name[];

#endif
