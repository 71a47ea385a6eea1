/*
 * In-kernel self tests, run when the command line says "ktest" (or
 * "ktest=name,name"). Each prints one verdict line the QEMU harness reads:
 *   ktest: start N / ktest: PASS name / ktest: FAIL name reason /
 *   ktest: done P passed, F failed
 */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

#include <mica/compiler.h>

struct ktest {
	const char *name;
	int (*fn)(void);	/* 0 on success, KTEST_SKIP when it cannot run here */
};

/* Returned by a test that needs what this machine lacks (a disk...),
 * after ktest_skip() said what. */
#define KTEST_SKIP 1
__printf(1, 2) void ktest_skip(const char *fmt, ...);

#define KTEST(tname)                                                               \
	static int ktest_fn_##tname(void);                                         \
	static const struct ktest ktest_##tname                                    \
		__attribute__((used, section(".ktests"), aligned(8))) = {          \
			#tname, ktest_fn_##tname };                                \
	static int ktest_fn_##tname(void)

__printf(3, 4) void ktest_fail(const char *file, int line, const char *fmt, ...);

#define KT_ASSERT(cond)                                                            \
	do {                                                                       \
		if (!(cond)) {                                                     \
			ktest_fail(__FILE__, __LINE__, "%s", #cond);               \
			return -1;                                                 \
		}                                                                  \
	} while (0)

#define KT_ASSERT_EQ(a, b)                                                         \
	do {                                                                       \
		long long __a = (long long)(a), __b = (long long)(b);              \
		if (__a != __b) {                                                  \
			ktest_fail(__FILE__, __LINE__, "%s == %s (%lld != %lld)", #a, #b, \
				   __a, __b);                                      \
			return -1;                                                 \
		}                                                                  \
	} while (0)

/* Crash on purpose ("panic" or "fault") to exercise the panic path. */
void ktest_crash(const char *how);

/* Run the tests selected by filter (NULL: all); returns failures. */
int ktest_run(const char *filter);

/* Deterministic per-thread pseudo-random numbers for stress tests. */
static inline u64 ktest_rand(u64 *state)
{
	u64 x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *state = x;
}

#endif
