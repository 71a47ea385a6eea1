/*
 * Device register accessors, ordered against each other and memory:
 * memory-mapped registers, and the I/O port space of architectures that
 * have one (x86). Where there is none (riscv64) a port reads as all ones
 * and writes go nowhere, as an absent ISA port behaves; no device there
 * is ever given a port.
 */
#ifndef ARCH_IO_H
#define ARCH_IO_H

#include <mica/types.h>

static inline u8 mmio_read8(const volatile void *addr);
static inline u32 mmio_read32(const volatile void *addr);
static inline void mmio_write8(volatile void *addr, u8 val);
static inline void mmio_write32(volatile void *addr, u32 val);
static inline u8 pio_read8(unsigned long port);
static inline void pio_write8(unsigned long port, u8 val);

#include <asm/io.h>

#endif
