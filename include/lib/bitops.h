/*
 * Bit tricks on single words, in plain C.
 *
 * Not the compiler's __builtin_ctzl/__builtin_popcountl: on riscv64 without
 * the Zbb extension those become calls into libgcc, which the kernel does
 * not link.
 */
#ifndef LIB_BITOPS_H
#define LIB_BITOPS_H

#include <mica/types.h>

/* Index of the lowest set bit of w; w must not be 0. */
static inline unsigned int __ffs(unsigned long w)
{
	unsigned int n = 0;

#if __SIZEOF_LONG__ == 8
	if (!(w & 0xffffffffUL)) {
		n += 32;
		w >>= 32;
	}
#endif
	if (!(w & 0xffffUL)) {
		n += 16;
		w >>= 16;
	}
	if (!(w & 0xffUL)) {
		n += 8;
		w >>= 8;
	}
	if (!(w & 0xfUL)) {
		n += 4;
		w >>= 4;
	}
	if (!(w & 0x3UL)) {
		n += 2;
		w >>= 2;
	}
	if (!(w & 0x1UL))
		n += 1;
	return n;
}

/* Index of the highest set bit of w; w must not be 0. */
static inline unsigned int __fls(unsigned long w)
{
	unsigned int n = 8 * __SIZEOF_LONG__ - 1;

#if __SIZEOF_LONG__ == 8
	if (!(w >> 32)) {
		n -= 32;
		w <<= 32;
	}
#endif
	if (!(w >> (8 * __SIZEOF_LONG__ - 16))) {
		n -= 16;
		w <<= 16;
	}
	if (!(w >> (8 * __SIZEOF_LONG__ - 8))) {
		n -= 8;
		w <<= 8;
	}
	if (!(w >> (8 * __SIZEOF_LONG__ - 4))) {
		n -= 4;
		w <<= 4;
	}
	if (!(w >> (8 * __SIZEOF_LONG__ - 2))) {
		n -= 2;
		w <<= 2;
	}
	if (!(w >> (8 * __SIZEOF_LONG__ - 1)))
		n -= 1;
	return n;
}

/* 1-based position of the highest set bit; 0 for 0 (Linux's fls64). */
static inline unsigned int fls64(u64 x)
{
	return x ? __fls((unsigned long)x) + 1 : 0;
}

/* Number of set bits in w (SWAR: sum bits in pairs, nibbles, then bytes). */
static inline unsigned int hweight_long(unsigned long w)
{
	const unsigned long ones = ~0UL / 0xff;	/* 0x0101...01 */

	w = w - ((w >> 1) & (ones * 0x55));
	w = (w & (ones * 0x33)) + ((w >> 2) & (ones * 0x33));
	w = (w + (w >> 4)) & (ones * 0x0f);
	return (unsigned int)((w * ones) >> (8 * __SIZEOF_LONG__ - 8));
}

#endif
