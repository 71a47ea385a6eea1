/* Timeouts: FUTEX_WAIT's is relative (CLOCK_MONOTONIC); WAIT_BITSET's is
 * an absolute time on CLOCK_MONOTONIC, or CLOCK_REALTIME with
 * FUTEX_CLOCK_REALTIME; a deadline already past times out at once, but a
 * changed word still says EAGAIN first. Bounds are generous. */
#include "futex_util.h"

#define MS 1000000ULL

static void check_elapsed(uint64_t start, uint64_t min)
{
	uint64_t d = now_ns(CLOCK_MONOTONIC) - start;

	CHECK_MSG(d >= min, "woke after %llu ns, before %llu", (unsigned long long)d,
		  (unsigned long long)min);
	CHECK_MSG(d < 5000 * MS, "woke after %llu ns", (unsigned long long)d);
}

static struct timespec ts_of(uint64_t ns)
{
	struct timespec ts = { (time_t)(ns / 1000000000ULL), (long)(ns % 1000000000ULL) };

	return ts;
}

int main(int argc, char **argv)
{
	static uint32_t w;
	struct timespec rel = { 0, 50 * MS }, zero = { 0, 0 }, abs;
	uint64_t start;

	utest_begin(argc, argv);
	start = now_ns(CLOCK_MONOTONIC);
	CHECK_ERR(futex_call(&w, FUTEX_WAIT_PRIVATE, 0, &rel, NULL, 0), ETIMEDOUT);
	check_elapsed(start, 50 * MS);

	start = now_ns(CLOCK_MONOTONIC);
	CHECK_ERR(futex_call(&w, FUTEX_WAIT, 0, &rel, NULL, 0), ETIMEDOUT);
	check_elapsed(start, 50 * MS);

	CHECK_ERR(futex_call(&w, FUTEX_WAIT_PRIVATE, 0, &zero, NULL, 0), ETIMEDOUT);
	CHECK_ERR(futex_call(&w, FUTEX_WAIT_PRIVATE, 1, &zero, NULL, 0), EAGAIN);

	start = now_ns(CLOCK_MONOTONIC);
	abs = ts_of(start + 60 * MS);
	CHECK_ERR(futex_call(&w, FUTEX_WAIT_BITSET_PRIVATE, 0, &abs, NULL, FUTEX_BITSET_MATCH_ANY),
		  ETIMEDOUT);
	check_elapsed(start, 60 * MS);

	start = now_ns(CLOCK_MONOTONIC);
	abs = ts_of(now_ns(CLOCK_REALTIME) + 60 * MS);
	CHECK_ERR(futex_call(&w, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 0, &abs, NULL,
			     FUTEX_BITSET_MATCH_ANY),
		  ETIMEDOUT);
	check_elapsed(start, 55 * MS);

	/* Absolute and in the past (the monotonic clock's 1 s mark). */
	abs = ts_of(1000 * MS);
	CHECK_ERR(futex_call(&w, FUTEX_WAIT_BITSET_PRIVATE, 0, &abs, NULL, FUTEX_BITSET_MATCH_ANY),
		  ETIMEDOUT);
	utest_pass();
}
