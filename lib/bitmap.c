/*
 * Bitmap operations that work a word at a time where they can.
 */
#include <lib/bitmap.h>
#include <lib/bitops.h>

/* Mask of bits at or above position start % BITS_PER_LONG in its word. */
#define FIRST_WORD_MASK(start) (~0UL << ((start) % BITS_PER_LONG))
/* Mask of bits below position end % BITS_PER_LONG (all bits when 0). */
#define LAST_WORD_MASK(end) (~0UL >> (-(end) % BITS_PER_LONG))

void bitmap_zero(unsigned long *map, unsigned long size)
{
	unsigned long i;

	for (i = 0; i < BITS_TO_LONGS(size); i++)
		map[i] = 0;
}

void bitmap_fill(unsigned long *map, unsigned long size)
{
	unsigned long i;

	for (i = 0; i < BITS_TO_LONGS(size); i++)
		map[i] = ~0UL;
}

void bitmap_set(unsigned long *map, unsigned long start, unsigned long n)
{
	unsigned long *p = map + BIT_WORD(start);
	unsigned long end = start + n;
	unsigned long mask = FIRST_WORD_MASK(start);

	if (!n)
		return;
	/* Whole words between the partial first and last word. */
	while (BIT_WORD(start) < BIT_WORD(end - 1)) {
		*p++ |= mask;
		start = (start | (BITS_PER_LONG - 1)) + 1;
		mask = ~0UL;
	}
	*p |= mask & LAST_WORD_MASK(end);
}

void bitmap_clear(unsigned long *map, unsigned long start, unsigned long n)
{
	unsigned long *p = map + BIT_WORD(start);
	unsigned long end = start + n;
	unsigned long mask = FIRST_WORD_MASK(start);

	if (!n)
		return;
	while (BIT_WORD(start) < BIT_WORD(end - 1)) {
		*p++ &= ~mask;
		start = (start | (BITS_PER_LONG - 1)) + 1;
		mask = ~0UL;
	}
	*p &= ~(mask & LAST_WORD_MASK(end));
}

/*
 * Shared search: invert = 0 finds set bits, ~0UL finds clear bits (each
 * word is XORed before looking for a one).
 */
static unsigned long find_next(const unsigned long *map, unsigned long size,
			       unsigned long offset, unsigned long invert)
{
	unsigned long w, idx;

	if (offset >= size)
		return size;
	idx = BIT_WORD(offset);
	w = (map[idx] ^ invert) & FIRST_WORD_MASK(offset);
	while (!w) {
		if (++idx >= BITS_TO_LONGS(size))
			return size;
		w = map[idx] ^ invert;
	}
	offset = idx * BITS_PER_LONG + __ffs(w);
	return offset < size ? offset : size;
}

unsigned long find_next_bit(const unsigned long *map, unsigned long size, unsigned long offset)
{
	return find_next(map, size, offset, 0);
}

unsigned long find_next_zero_bit(const unsigned long *map, unsigned long size,
				 unsigned long offset)
{
	return find_next(map, size, offset, ~0UL);
}

unsigned long bitmap_weight(const unsigned long *map, unsigned long size)
{
	unsigned long i, n = 0, full = size / BITS_PER_LONG;

	for (i = 0; i < full; i++)
		n += hweight_long(map[i]);
	if (size % BITS_PER_LONG)
		n += hweight_long(map[full] & LAST_WORD_MASK(size));
	return n;
}

unsigned long bitmap_find_next_zero_area(const unsigned long *map, unsigned long size,
					 unsigned long start, unsigned long nr,
					 unsigned long align_mask)
{
	unsigned long idx, end, busy;

	for (;;) {
		idx = find_next_zero_bit(map, size, start);
		idx = (idx + align_mask) & ~align_mask;
		/* Written to stay correct when idx + nr would overflow. */
		if (idx >= size || nr > size - idx)
			return size;
		end = idx + nr;
		busy = find_next_bit(map, end, idx);
		if (busy >= end)
			return idx;
		start = busy + 1;
	}
}
