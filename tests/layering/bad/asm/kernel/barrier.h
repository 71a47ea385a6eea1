#ifndef BARRIER_H
#define BARRIER_H
/* A macro hiding inline assembly in a kernel header. */
#define barrier() __asm__ __volatile__("" ::: "memory")	/* BAD */
#define wmb()					\
	asm	/* BAD: spans lines */		\
	volatile("fence w, w" ::: "memory")
#endif
