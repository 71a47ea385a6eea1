/* membarrier: QUERY lists GLOBAL, PRIVATE_EXPEDITED and its registration;
 * PRIVATE_EXPEDITED is EPERM until the process registers, then returns 0,
 * also while another thread keeps a CPU busy in user mode (the barrier
 * must reach it and come back). Flags and unknown commands are EINVAL. */
#include "utest.h"
#include <pthread.h>

#define MEMBARRIER_CMD_QUERY 0
#define MEMBARRIER_CMD_GLOBAL 1
#define MEMBARRIER_CMD_PRIVATE_EXPEDITED 8
#define MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED 16
#define MEMBARRIER_CMD_GET_REGISTRATIONS 512

static int stop, spinning;

static void *spin(void *arg)
{
	(void)arg;
	__atomic_store_n(&spinning, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE))
		;
	return NULL;
}

static long membarrier(int cmd, unsigned int flags)
{
	return syscall(SYS_membarrier, cmd, flags, 0);
}

int main(int argc, char **argv)
{
	long mask;
	pthread_t t;

	utest_begin(argc, argv);
	mask = CHECK_OK(membarrier(MEMBARRIER_CMD_QUERY, 0));
	CHECK_EQ(mask & (MEMBARRIER_CMD_GLOBAL | MEMBARRIER_CMD_PRIVATE_EXPEDITED |
			 MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED),
		 MEMBARRIER_CMD_GLOBAL | MEMBARRIER_CMD_PRIVATE_EXPEDITED |
			 MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED);
	CHECK_ERR(membarrier(MEMBARRIER_CMD_QUERY, 1), EINVAL);
	CHECK_ERR(membarrier(1 << 20, 0), EINVAL);
	CHECK_ERR(membarrier(-1, 0), EINVAL);
	CHECK_ERR(membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0), EPERM);
	if (mask & MEMBARRIER_CMD_GET_REGISTRATIONS)
		CHECK_EQ(membarrier(MEMBARRIER_CMD_GET_REGISTRATIONS, 0), 0);
	CHECK_OK(membarrier(MEMBARRIER_CMD_GLOBAL, 0));
	CHECK_OK(membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0));
	CHECK_ERR(membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED, 1), EINVAL);
	CHECK_OK(membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0));
	if (mask & MEMBARRIER_CMD_GET_REGISTRATIONS)
		CHECK_EQ(membarrier(MEMBARRIER_CMD_GET_REGISTRATIONS, 0),
			 MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED);

	CHECK_EQ(pthread_create(&t, NULL, spin, NULL), 0);
	while (!__atomic_load_n(&spinning, __ATOMIC_ACQUIRE))
		sched_yield();
	for (int i = 0; i < 100; i++)
		CHECK_OK(membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0));
	CHECK_OK(membarrier(MEMBARRIER_CMD_GLOBAL, 0));
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
	CHECK_EQ(pthread_join(t, NULL), 0);
	utest_pass();
}
