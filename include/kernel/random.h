/* Pseudo-random numbers for /dev/urandom, getrandom and AT_RANDOM. */
#ifndef KERNEL_RANDOM_H
#define KERNEL_RANDOM_H

#include <mica/types.h>

/*
 * A xorshift generator stirred with the clock on every call. Not a
 * cryptographic source: there is no entropy device yet.
 */
u64 random_u64(void);

#endif
