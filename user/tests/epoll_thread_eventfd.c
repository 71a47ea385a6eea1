/*
 * Threads: one blocks in epoll_wait on an eventfd, another writes to the
 * eventfd; the waiter wakes with the event and reads the count. Then the
 * other way round: two threads wait on one set and one event wakes one of
 * them for each write.
 */
#include "utest.h"
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

static int ep, efd;

static void *waiter(void *arg)
{
	struct epoll_event out[2];
	uint64_t v = 0;
	long n;

	(void)arg;
	n = epoll_wait(ep, out, 2, 8000);
	if (n != 1 || out[0].events != EPOLLIN || out[0].data.u64 != 42)
		return (void *)(n == 1 ? -2L : n);
	if (read(efd, &v, sizeof(v)) != 8)
		return (void *)-3L;
	return (void *)(long)v;
}

int main(int argc, char **argv)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 42 };
	pthread_t t[2];
	void *res[2];
	uint64_t v;
	int err;

	utest_begin(argc, argv);
	efd = CHECK_OK(eventfd(0, 0));
	ep = CHECK_OK(epoll_create1(0));
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev));

	err = pthread_create(&t[0], NULL, waiter, NULL);
	errno = err;
	CHECK_MSG(err == 0, "pthread_create");
	usleep(100 * 1000);	/* let it block */
	v = 5;
	CHECK_EQ(write(efd, &v, sizeof(v)), 8);
	CHECK_EQ(pthread_join(t[0], &res[0]), 0);
	CHECK_EQ((long)res[0], 5);

	/* Two waiters, two writes, one after the other was consumed. */
	for (int i = 0; i < 2; i++) {
		err = pthread_create(&t[i], NULL, waiter, NULL);
		errno = err;
		CHECK_MSG(err == 0, "pthread_create");
	}
	usleep(100 * 1000);
	v = 1;
	CHECK_EQ(write(efd, &v, sizeof(v)), 8);
	/* The woken thread reads the count to 0; then the second write. */
	for (int tries = 0; tries < 500; tries++) {
		struct epoll_event out;

		if (epoll_wait(ep, &out, 1, 0) == 0)
			break;
		usleep(10 * 1000);
	}
	v = 2;
	CHECK_EQ(write(efd, &v, sizeof(v)), 8);
	CHECK_EQ(pthread_join(t[0], &res[0]), 0);
	CHECK_EQ(pthread_join(t[1], &res[1]), 0);
	CHECK_EQ((long)res[0] + (long)res[1], 3);
	CHECK((long)res[0] > 0 && (long)res[1] > 0);
	utest_pass();
}
