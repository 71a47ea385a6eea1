/* Helpers of the futex_* tests: the raw system call, and a way to know
 * that n threads are asleep on a futex without timing guesses. */
#ifndef FUTEX_UTIL_H
#define FUTEX_UTIL_H

#include "utest.h"
#include <linux/futex.h>
#include <stdint.h>
#include <time.h>

static UTEST_UNUSED long futex_call(uint32_t *uaddr, int op, uint32_t val,
				    const struct timespec *ts, uint32_t *uaddr2, uint32_t val3)
{
	return syscall(SYS_futex, uaddr, op, val, ts, uaddr2, val3);
}

/* The ops whose fourth argument is a count, not a timeout. */
#define FUTEX_VAL2(n) ((const struct timespec *)(uintptr_t)(n))

/* How many threads sleep on *w (op: FUTEX_PRIVATE_FLAG or 0): requeue them
 * all from the futex onto itself, which moves nothing and counts them. */
static UTEST_UNUSED long futex_waiters(uint32_t *w, int priv)
{
	return futex_call(w, FUTEX_CMP_REQUEUE | priv, 0, FUTEX_VAL2(INT_MAX), w,
			  __atomic_load_n(w, __ATOMIC_SEQ_CST));
}

/* Wait (bounded by the test's alarm) until n threads sleep on *w. */
static UTEST_UNUSED void futex_wait_for_waiters(uint32_t *w, int priv, long n)
{
	long got;

	while ((got = futex_waiters(w, priv)) != n) {
		if (got < 0)
			utest_fail(__FILE__, __LINE__, errno, "counting waiters");
		usleep(1000);
	}
}

static UTEST_UNUSED uint64_t now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

#endif
