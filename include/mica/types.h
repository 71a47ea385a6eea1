/* Fixed-width and kernel-wide basic types. Freestanding: no libc headers. */
#ifndef MICA_TYPES_H
#define MICA_TYPES_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdarg.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

typedef uintptr_t vaddr_t;	/* kernel virtual address */
typedef uint64_t paddr_t;	/* physical address */
typedef uint64_t pfn_t;		/* physical frame number */
typedef long ssize_t;

#endif
