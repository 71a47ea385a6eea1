/* FUTEX_WAIT's errors: EAGAIN when the word differs, EINVAL for a
 * misaligned word or an empty bitset, EFAULT for a bad word or timeout,
 * EINVAL for a bad timeout, ENOSYS for unknown ops and for
 * FUTEX_CLOCK_REALTIME with plain FUTEX_WAKE. */
#include "futex_util.h"

int main(int argc, char **argv)
{
	static uint32_t w[2] = { 5, 0 };
	struct timespec bad = { 0, 1000000000L }, neg = { -1, 0 };

	utest_begin(argc, argv);
	CHECK_ERR(futex_call(&w[0], FUTEX_WAIT_PRIVATE, 4, NULL, NULL, 0), EAGAIN);
	CHECK_ERR(futex_call(&w[0], FUTEX_WAIT, 4, NULL, NULL, 0), EAGAIN);
	CHECK_ERR(futex_call((uint32_t *)((char *)w + 1), FUTEX_WAIT_PRIVATE, 5, NULL, NULL, 0),
		  EINVAL);
	CHECK_ERR(futex_call((uint32_t *)((char *)w + 2), FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0),
		  EINVAL);
	CHECK_ERR(futex_call(&w[0], FUTEX_WAIT_BITSET_PRIVATE, 5, NULL, NULL, 0), EINVAL);
	CHECK_ERR(futex_call(&w[0], FUTEX_WAKE_BITSET_PRIVATE, 1, NULL, NULL, 0), EINVAL);
	CHECK_ERR(futex_call((uint32_t *)4, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0), EFAULT);
	/* Shared keys look at the mapping: nothing mapped is EFAULT even to wake. */
	CHECK_ERR(futex_call((uint32_t *)4, FUTEX_WAKE, 1, NULL, NULL, 0), EFAULT);
	CHECK_ERR(futex_call(&w[0], FUTEX_WAIT_PRIVATE, 5, &bad, NULL, 0), EINVAL);
	CHECK_ERR(futex_call(&w[0], FUTEX_WAIT_PRIVATE, 5, &neg, NULL, 0), EINVAL);
	CHECK_ERR(futex_call(&w[0], FUTEX_WAIT_PRIVATE, 5, UTEST_BAD_PTR, NULL, 0), EFAULT);
	CHECK_ERR(futex_call(&w[0], 2 /* FUTEX_FD */, 0, NULL, NULL, 0), ENOSYS);
	CHECK_ERR(futex_call(&w[0], 99, 0, NULL, NULL, 0), ENOSYS);
	CHECK_ERR(futex_call(&w[0], FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0), ENOSYS);
	utest_pass();
}
