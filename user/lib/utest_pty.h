/* SPDX-License-Identifier: MIT */
/*
 * Helpers for the terminal tests: open a pseudo-terminal pair the way
 * programs do (posix_openpt, grantpt, unlockpt, ptsname), read what is
 * waiting on a descriptor, and switch a terminal to raw input.
 */
#ifndef UTEST_PTY_H
#define UTEST_PTY_H

#include "utest.h"
#include <poll.h>
#include <sys/ioctl.h>
#include <termios.h>

/* A new pty: *master (O_RDWR | O_NOCTTY) and, if slave, its slave opened
 * with slave_flags. Returns the pty number. */
static UTEST_UNUSED int utest_openpty(int *master, int *slave, int slave_flags)
{
	char *name;
	int n = -1;

	*master = CHECK_OK(posix_openpt(O_RDWR | O_NOCTTY));
	CHECK_EQ(grantpt(*master), 0);
	CHECK_EQ(unlockpt(*master), 0);
	name = ptsname(*master);
	CHECK(name != NULL);
	CHECK_EQ(ioctl(*master, TIOCGPTN, &n), 0);
	if (slave)
		*slave = CHECK_OK(open(name, slave_flags));
	return n;
}

/* Wait up to ms for fd to be readable; then read what is there (at most
 * size - 1 bytes, NUL-terminated). Returns the count, 0 if nothing came. */
static UTEST_UNUSED ssize_t utest_read_ready(int fd, char *buf, size_t size, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n = 0;

	if (poll(&p, 1, ms) == 1 && (p.revents & POLLIN))
		n = read(fd, buf, size - 1);
	buf[n > 0 ? n : 0] = 0;
	return n > 0 ? n : 0;
}

/* Non-canonical, no echo, with the given VMIN and VTIME. */
static UTEST_UNUSED void utest_tty_raw(int fd, int vmin, int vtime)
{
	struct termios t;

	CHECK_EQ(tcgetattr(fd, &t), 0);
	t.c_lflag &= ~(ICANON | ECHO);
	t.c_cc[VMIN] = vmin;
	t.c_cc[VTIME] = vtime;
	CHECK_EQ(tcsetattr(fd, TCSANOW, &t), 0);
}

#endif
