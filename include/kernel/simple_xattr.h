/*
 * Extended attributes kept in memory, for file systems without a disk
 * (tmpfs): a list of name/value pairs per inode. The caller serializes
 * (inode.lock, as the VFS holds it around the xattr hooks).
 */
#ifndef KERNEL_SIMPLE_XATTR_H
#define KERNEL_SIMPLE_XATTR_H

#include <lib/list.h>
#include <mica/types.h>

/* get: the value's size (size 0: just that), -ENODATA, -ERANGE. */
ssize_t simple_xattr_get(struct list_head *xattrs, const char *name, void *buf, size_t size);
/* set with XATTR_CREATE (-EEXIST) / XATTR_REPLACE (-ENODATA): 0, -ENOMEM. */
int simple_xattr_set(struct list_head *xattrs, const char *name, const void *val, size_t size,
		     int flags);
int simple_xattr_remove(struct list_head *xattrs, const char *name);
/* The names, each with its NUL, trusted.* ones only if trusted; the
 * length (size 0: just that), or -ERANGE. */
ssize_t simple_xattr_list(struct list_head *xattrs, char *buf, size_t size, bool trusted);
/* Free them all: the sum of their simple_xattr_space. */
size_t simple_xattrs_free(struct list_head *xattrs);
/* What one costs, as Linux counts it against tmpfs's inode space. */
size_t simple_xattr_space(const char *name, size_t size);

#endif
