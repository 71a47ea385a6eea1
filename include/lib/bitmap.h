/*
 * Bitmaps stored in arrays of unsigned long (lib/bitmap.c).
 *
 * Bit n lives in word n / BITS_PER_LONG at position n % BITS_PER_LONG. All
 * operations here are non-atomic: the caller serialises access. Bits past
 * `size` in the last word are never looked at by the find and weight
 * functions, so they may hold anything.
 */
#ifndef LIB_BITMAP_H
#define LIB_BITMAP_H

#include <mica/compiler.h>
#include <mica/types.h>

#define BITS_PER_LONG (8 * __SIZEOF_LONG__)
#define BITS_TO_LONGS(nr) DIV_ROUND_UP(nr, BITS_PER_LONG)
#define DECLARE_BITMAP(name, bits) unsigned long name[BITS_TO_LONGS(bits)]

#define BIT_WORD(nr) ((nr) / BITS_PER_LONG)
#define BIT_MASK(nr) (1UL << ((nr) % BITS_PER_LONG))

static inline void bitmap_set_bit(unsigned long *map, unsigned long nr)
{
	map[BIT_WORD(nr)] |= BIT_MASK(nr);
}

static inline void bitmap_clear_bit(unsigned long *map, unsigned long nr)
{
	map[BIT_WORD(nr)] &= ~BIT_MASK(nr);
}

static inline bool bitmap_test_bit(const unsigned long *map, unsigned long nr)
{
	return (map[BIT_WORD(nr)] & BIT_MASK(nr)) != 0;
}

/* Zero / set every bit of a size-bit map (whole words). */
void bitmap_zero(unsigned long *map, unsigned long size);
void bitmap_fill(unsigned long *map, unsigned long size);

/* Set / clear bits [start, start + n). */
void bitmap_set(unsigned long *map, unsigned long start, unsigned long n);
void bitmap_clear(unsigned long *map, unsigned long start, unsigned long n);

/*
 * Index of the first set (or clear) bit at or after offset and below size;
 * size when there is none.
 */
unsigned long find_next_bit(const unsigned long *map, unsigned long size,
			    unsigned long offset);
unsigned long find_next_zero_bit(const unsigned long *map, unsigned long size,
				 unsigned long offset);

static inline unsigned long find_first_bit(const unsigned long *map, unsigned long size)
{
	return find_next_bit(map, size, 0);
}

static inline unsigned long find_first_zero_bit(const unsigned long *map, unsigned long size)
{
	return find_next_zero_bit(map, size, 0);
}

#define for_each_set_bit(bit, map, size)				\
	for ((bit) = find_first_bit(map, size); (bit) < (size);		\
	     (bit) = find_next_bit(map, size, (bit) + 1))

/* Number of set bits among the first size bits. */
unsigned long bitmap_weight(const unsigned long *map, unsigned long size);

/*
 * Find nr (>= 1) consecutive clear bits within [start, size) whose first
 * index is a multiple of align_mask + 1 (a power of two minus one).
 * Returns that index, or size when there is no such area. The bits are not
 * set: follow with bitmap_set.
 */
unsigned long bitmap_find_next_zero_area(const unsigned long *map, unsigned long size,
					 unsigned long start, unsigned long nr,
					 unsigned long align_mask);

#endif
