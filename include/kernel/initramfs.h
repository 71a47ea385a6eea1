/* The initramfs the boot loader passed (a cpio "newc" archive). */
#ifndef KERNEL_INITRAMFS_H
#define KERNEL_INITRAMFS_H

#include <mica/types.h>

/* The contents of the regular file at path (no leading "./" needed), with
 * symbolic links followed; -ENOENT, -EINVAL for a corrupt archive. */
int initramfs_lookup(const char *path, const void **data, size_t *size);
bool initramfs_present(void);

#endif
