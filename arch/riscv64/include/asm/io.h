/* riscv64 MMIO: fences order device accesses against normal memory. */
#ifndef ASM_IO_H
#define ASM_IO_H

static inline u8 mmio_read8(const volatile void *addr)
{
	u8 v = *(const volatile u8 *)addr;
	__asm__ __volatile__("fence i, r" ::: "memory");
	return v;
}

static inline u32 mmio_read32(const volatile void *addr)
{
	u32 v = *(const volatile u32 *)addr;
	__asm__ __volatile__("fence i, r" ::: "memory");
	return v;
}

static inline void mmio_write8(volatile void *addr, u8 val)
{
	__asm__ __volatile__("fence w, o" ::: "memory");
	*(volatile u8 *)addr = val;
}

static inline void mmio_write32(volatile void *addr, u32 val)
{
	__asm__ __volatile__("fence w, o" ::: "memory");
	*(volatile u32 *)addr = val;
}

/* No I/O port space (include/arch/io.h). */
static inline u8 pio_read8(unsigned long port)
{
	(void)port;
	return 0xff;
}

static inline void pio_write8(unsigned long port, u8 val)
{
	(void)port;
	(void)val;
}

#endif
