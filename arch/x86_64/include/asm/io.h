/*
 * x86_64 device access. Loads and stores are not reordered with each
 * other (x86-TSO) and device memory is uncached, so a compiler barrier
 * orders MMIO; port I/O instructions are serializing enough by themselves.
 */
#ifndef ASM_IO_H
#define ASM_IO_H

#include <asm/x86.h>

static inline u8 mmio_read8(const volatile void *addr)
{
	return *(const volatile u8 *)addr;
}

static inline u32 mmio_read32(const volatile void *addr)
{
	return *(const volatile u32 *)addr;
}

static inline void mmio_write8(volatile void *addr, u8 val)
{
	__asm__ __volatile__("" ::: "memory");
	*(volatile u8 *)addr = val;
}

static inline void mmio_write32(volatile void *addr, u32 val)
{
	__asm__ __volatile__("" ::: "memory");
	*(volatile u32 *)addr = val;
}

static inline u8 pio_read8(unsigned long port) { return inb((u16)port); }
static inline void pio_write8(unsigned long port, u8 val) { outb((u16)port, val); }

#endif
