/*
 * sysfs internals. /sys is a tree generated from the devices Mica has
 * (block devices from the block registry, a table of character devices):
 * every inode names its place by a path relative to /sys ("" for the
 * root, "devices/virtual/block/vda/queue"), and tree.c answers what a
 * path is, what a directory holds, what a file reads and where a link
 * points, from a fresh snapshot of the devices each time. Nothing keeps
 * a device alive; a vanished one reads as ENOENT.
 */
#ifndef KERNEL_FS_SYSFS_INTERNAL_H
#define KERNEL_FS_SYSFS_INTERNAL_H

#include <kernel/mount.h>

#define SYSFS_TEXT_MAX 4096	/* a sysfs file is at most a page, as on Linux */

/* Call emit for each entry of directory path (name and S_IF* type): 0,
 * -ENOENT when path is not a directory, or emit's non-zero return. */
typedef int (*sysfs_emit_t)(void *arg, const char *name, u32 mode);
int sysfs_list(const char *path, sysfs_emit_t emit, void *arg);
/* The text of file path into buf (SYSFS_TEXT_MAX bytes): length or -errno. */
int sysfs_show(const char *path, char *buf);
/* The target of link path (relative, as Linux's): length or -errno. */
int sysfs_readlink(const char *path, char *buf, size_t size);

#endif
