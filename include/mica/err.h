/* Pointers that carry a negative errno (Linux's ERR_PTR idiom). */
#ifndef MICA_ERR_H
#define MICA_ERR_H

#include <mica/compiler.h>

#define MAX_ERRNO 4095

static inline void *ERR_PTR(long err) { return (void *)err; }
static inline long PTR_ERR(const void *p) { return (long)p; }
static inline bool IS_ERR(const void *p)
{
	return unlikely((uintptr_t)p >= (uintptr_t)-MAX_ERRNO);
}
static inline bool IS_ERR_OR_NULL(const void *p) { return !p || IS_ERR(p); }

#endif
