/*
 * Host stand-in for include/core/kmalloc.h: the C library's heap, so that
 * parsers that allocate (jbd2's revoke table) run under ASan in the unit
 * tests and fuzzers.
 */
#ifndef CORE_KMALLOC_H
#define CORE_KMALLOC_H

#include <stdlib.h>

static inline void *kmalloc(size_t size)
{
	return size ? malloc(size) : NULL;
}

static inline void *kzalloc(size_t size)
{
	return size ? calloc(1, size) : NULL;
}

static inline void kfree(const void *ptr)
{
	free((void *)ptr);
}

#endif
