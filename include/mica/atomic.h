/* Atomics and memory ordering, from the compiler's __atomic builtins. */
#ifndef MICA_ATOMIC_H
#define MICA_ATOMIC_H

#include <mica/types.h>

typedef struct {
	int counter;
} atomic_t;

typedef struct {
	long counter;
} atomic_long_t;

#define ATOMIC_INIT(v) { (v) }

#define smp_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define smp_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#define smp_load_acquire(p) __atomic_load_n(p, __ATOMIC_ACQUIRE)
#define smp_store_release(p, v) __atomic_store_n(p, v, __ATOMIC_RELEASE)

static inline int atomic_read(const atomic_t *a) { return __atomic_load_n(&a->counter, __ATOMIC_RELAXED); }
static inline void atomic_set(atomic_t *a, int v) { __atomic_store_n(&a->counter, v, __ATOMIC_RELAXED); }
static inline int atomic_add_return(atomic_t *a, int v) { return __atomic_add_fetch(&a->counter, v, __ATOMIC_SEQ_CST); }
static inline int atomic_fetch_add(atomic_t *a, int v) { return __atomic_fetch_add(&a->counter, v, __ATOMIC_SEQ_CST); }
static inline void atomic_inc(atomic_t *a) { __atomic_add_fetch(&a->counter, 1, __ATOMIC_RELAXED); }
static inline void atomic_dec(atomic_t *a) { __atomic_sub_fetch(&a->counter, 1, __ATOMIC_RELAXED); }
static inline bool atomic_dec_and_test(atomic_t *a) { return __atomic_sub_fetch(&a->counter, 1, __ATOMIC_ACQ_REL) == 0; }
static inline bool atomic_cmpxchg(atomic_t *a, int old, int new_)
{
	return __atomic_compare_exchange_n(&a->counter, &old, new_, false, __ATOMIC_SEQ_CST,
					   __ATOMIC_RELAXED);
}

static inline long atomic_long_read(const atomic_long_t *a) { return __atomic_load_n(&a->counter, __ATOMIC_RELAXED); }
static inline void atomic_long_set(atomic_long_t *a, long v) { __atomic_store_n(&a->counter, v, __ATOMIC_RELAXED); }
static inline long atomic_long_add_return(atomic_long_t *a, long v) { return __atomic_add_fetch(&a->counter, v, __ATOMIC_SEQ_CST); }
static inline void atomic_long_add(atomic_long_t *a, long v) { __atomic_add_fetch(&a->counter, v, __ATOMIC_RELAXED); }
static inline void atomic_long_sub(atomic_long_t *a, long v) { __atomic_sub_fetch(&a->counter, v, __ATOMIC_RELAXED); }

/* Atomic bit operations on a single unsigned long. */
static inline void atomic_or_ulong(unsigned long *p, unsigned long bits) { __atomic_fetch_or(p, bits, __ATOMIC_SEQ_CST); }
static inline unsigned long atomic_xchg_ulong(unsigned long *p, unsigned long v) { return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST); }

#endif
