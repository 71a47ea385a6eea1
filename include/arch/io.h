/* Memory-mapped I/O accessors, ordered against each other and memory. */
#ifndef ARCH_IO_H
#define ARCH_IO_H

#include <mica/types.h>

static inline u8 mmio_read8(const volatile void *addr);
static inline u32 mmio_read32(const volatile void *addr);
static inline void mmio_write8(volatile void *addr, u8 val);
static inline void mmio_write32(volatile void *addr, u32 val);

#include <asm/io.h>

#endif
