/* Deterministic pseudo-random numbers for host tests: a failure reproduces. */
#ifndef TEST_RNG_H
#define TEST_RNG_H

#include <stdint.h>

static uint64_t rng_state;	/* seed it (non-zero) before use */

/* xorshift64, upper bits only (the low ones are the weakest). */
static inline unsigned long rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned long)(rng_state >> 8);
}

#endif
