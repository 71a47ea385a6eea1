/* Raw reads follow VMIN/VTIME: MIN 0 TIME 0 returns at once, MIN 0 TIME t
 * waits up to t for a byte, MIN n TIME 0 waits for n bytes (poll too),
 * MIN n TIME t returns what came when the gap after a byte exceeds t. */
#include "utest_pty.h"
#include <time.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct pollfd p;
	char buf[64];
	double t0;
	int m, s;

	utest_begin(argc, argv);
	utest_openpty(&m, &s, O_RDWR | O_NOCTTY);

	utest_tty_raw(s, 0, 0);
	t0 = now();
	CHECK_EQ(read(s, buf, sizeof(buf)), 0);
	CHECK(now() - t0 < 0.5);
	CHECK_EQ(write(m, "xy", 2), 2);
	CHECK_EQ(read(s, buf, sizeof(buf)), 2);

	utest_tty_raw(s, 0, 2);	/* 0.2 s */
	t0 = now();
	CHECK_EQ(read(s, buf, sizeof(buf)), 0);
	CHECK(now() - t0 >= 0.15);
	CHECK_EQ(write(m, "q", 1), 1);
	CHECK_EQ(read(s, buf, sizeof(buf)), 1);

	utest_tty_raw(s, 3, 0);
	CHECK_EQ(write(m, "ab", 2), 2);
	p = (struct pollfd){ .fd = s, .events = POLLIN };
	CHECK_EQ(poll(&p, 1, 100), 0);	/* fewer than VMIN bytes */
	CHECK_EQ(write(m, "cd", 2), 2);
	CHECK_EQ(poll(&p, 1, 1000), 1);
	CHECK_EQ(read(s, buf, sizeof(buf)), 4);	/* all there, at least VMIN */
	CHECK(!memcmp(buf, "abcd", 4));
	CHECK_EQ(write(m, "ef", 2), 2);
	CHECK_EQ(read(s, buf, 1), 1);	/* VMIN above the request: the request wins */

	utest_tty_raw(s, 5, 2);
	CHECK_EQ(write(m, "gh", 2), 2);	/* "f" is still queued */
	t0 = now();
	CHECK_EQ(read(s, buf, sizeof(buf)), 3);
	CHECK(!memcmp(buf, "fgh", 3));
	CHECK(now() - t0 >= 0.15);
	utest_pass();
}
