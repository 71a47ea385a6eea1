/* The initramfs the boot loader passed (a cpio "newc" archive). */
#ifndef KERNEL_INITRAMFS_H
#define KERNEL_INITRAMFS_H

#include <mica/types.h>

bool initramfs_present(void);

#endif
