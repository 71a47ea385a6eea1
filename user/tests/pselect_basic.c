/*
 * pselect6 over a pipe: read, write and except sets, the count of bits set,
 * a timeout that expires (with the time left written back as 0) and one
 * that does not (time left written back, smaller), regular files always
 * ready, and the errors EBADF, EINVAL (negative n, bad timespec, bad sigset
 * size) and EFAULT.
 */
#include "utest.h"
#include <sys/select.h>
#include <time.h>

struct sigarg {
	const void *mask;
	size_t size;
};

static long ps6(int n, fd_set *r, fd_set *w, fd_set *e, struct timespec *ts, void *sig)
{
	return syscall(SYS_pselect6, n, r, w, e, ts, sig);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	int p[2], reg, n;
	fd_set r, w, e;
	struct timespec ts;
	sigset_t none;
	struct sigarg sig = { &none, 8 };
	long long t0, dt;
	pid_t pid;

	utest_begin(argc, argv);
	sigemptyset(&none);
	CHECK_OK(pipe(p));
	reg = CHECK_OK(open(utest_path("f"), O_RDWR | O_CREAT, 0644));
	n = (p[1] > reg ? p[1] : reg) + 1;

	/* Write end writable, read end not readable yet: one bit. */
	FD_ZERO(&r); FD_ZERO(&w); FD_ZERO(&e);
	FD_SET(p[0], &r); FD_SET(p[1], &w); FD_SET(p[0], &e);
	ts = (struct timespec){ 0, 0 };
	CHECK_EQ(ps6(n, &r, &w, &e, &ts, NULL), 1);
	CHECK(!FD_ISSET(p[0], &r));
	CHECK(FD_ISSET(p[1], &w));
	CHECK(!FD_ISSET(p[0], &e));
	CHECK_EQ(ts.tv_sec, 0);
	CHECK_EQ(ts.tv_nsec, 0);

	/* A timeout that expires: 0 returned, sets cleared, no time left. */
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	ts = (struct timespec){ 0, 150 * 1000 * 1000 };
	t0 = now_ms();
	CHECK_EQ(ps6(n, &r, NULL, NULL, &ts, &sig), 0);
	dt = now_ms() - t0;
	CHECK_MSG(dt >= 140 && dt < 5000, "pselect6(150 ms) took %lld ms", dt);
	CHECK(!FD_ISSET(p[0], &r));
	CHECK_EQ(ts.tv_sec, 0);
	CHECK_EQ(ts.tv_nsec, 0);

	/* Data arriving from a child ends a long wait; the time left is
	 * written back and is less than given. */
	pid = utest_fork();
	if (pid == 0) {
		usleep(100 * 1000);
		_exit(write(p[1], "x", 1) == 1 ? 0 : 2);
	}
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	ts = (struct timespec){ 8, 0 };
	CHECK_EQ(ps6(n, &r, NULL, NULL, &ts, NULL), 1);
	CHECK(FD_ISSET(p[0], &r));
	CHECK_MSG(ts.tv_sec < 8 && ts.tv_sec >= 3, "time left %lld.%09ld", (long long)ts.tv_sec,
		  ts.tv_nsec);
	CHECK_CHILD_EXIT(pid, 0);

	/* Everything at once: each bit counts; a regular file is always ready;
	 * no timeout means wait forever, but nothing needs waiting. */
	FD_ZERO(&r); FD_ZERO(&w); FD_ZERO(&e);
	FD_SET(p[0], &r); FD_SET(p[1], &w); FD_SET(reg, &r); FD_SET(reg, &w);
	FD_SET(reg, &e);
	CHECK_EQ(ps6(n, &r, &w, &e, NULL, NULL), 4);
	CHECK(FD_ISSET(p[0], &r) && FD_ISSET(reg, &r));
	CHECK(FD_ISSET(p[1], &w) && FD_ISSET(reg, &w));
	CHECK(!FD_ISSET(reg, &e));

	/* Fds beyond n are not looked at. */
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	ts = (struct timespec){ 0, 0 };
	CHECK_EQ(ps6(p[0], &r, NULL, NULL, &ts, NULL), 0);

	/* Errors. */
	FD_ZERO(&r);
	FD_SET(n + 5, &r);
	CHECK_ERR(ps6(n + 6, &r, NULL, NULL, &ts, NULL), EBADF);
	CHECK_ERR(ps6(-1, NULL, NULL, NULL, &ts, NULL), EINVAL);
	ts = (struct timespec){ 0, 1000000000 };
	CHECK_ERR(ps6(0, NULL, NULL, NULL, &ts, NULL), EINVAL);
	ts = (struct timespec){ -1, 0 };
	CHECK_ERR(ps6(0, NULL, NULL, NULL, &ts, NULL), EINVAL);
	ts = (struct timespec){ 0, 0 };
	sig.size = 4;
	CHECK_ERR(ps6(0, NULL, NULL, NULL, &ts, &sig), EINVAL);
	sig = (struct sigarg){ NULL, 4 };	/* no mask: the size is not looked at */
	CHECK_EQ(ps6(0, NULL, NULL, NULL, &ts, &sig), 0);
	CHECK_ERR(ps6(0, NULL, NULL, NULL, &ts, UTEST_BAD_PTR), EFAULT);
	CHECK_ERR(ps6(n, UTEST_BAD_PTR, NULL, NULL, &ts, NULL), EFAULT);
	CHECK_ERR(ps6(0, NULL, NULL, NULL, UTEST_BAD_PTR, NULL), EFAULT);
	utest_pass();
}
