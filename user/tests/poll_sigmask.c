/*
 * The signal masks of pselect6, ppoll and epoll_pwait: SIGUSR1 is blocked,
 * each call unblocks it for its wait only, so a SIGUSR1 sent meanwhile runs
 * the handler and the call fails with EINTR; afterwards SIGUSR1 is blocked
 * again. A mask that blocks it keeps the call waiting until its timeout.
 */
#include "utest.h"
#include <poll.h>
#include <sys/epoll.h>
#include <sys/select.h>

static volatile sig_atomic_t hits;

static void on_usr1(int sig)
{
	(void)sig;
	hits++;
}

/* A child that sends SIGUSR1 to the parent after a while. */
static pid_t send_later(void)
{
	pid_t parent = getpid(), pid = utest_fork();

	if (pid == 0) {
		usleep(100 * 1000);
		kill(parent, SIGUSR1);
		_exit(0);
	}
	return pid;
}

static void check_still_blocked(void)
{
	sigset_t cur;

	CHECK_OK(sigprocmask(SIG_BLOCK, NULL, &cur));
	CHECK(sigismember(&cur, SIGUSR1));
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	sigset_t block, open_mask;
	int p[2], ep;
	pid_t pid;

	utest_begin(argc, argv);
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	CHECK_OK(sigprocmask(SIG_BLOCK, &block, NULL));
	sigemptyset(&open_mask);
	CHECK_OK(pipe(p));
	ep = CHECK_OK(epoll_create1(0));
	{
		struct epoll_event ev = { .events = EPOLLIN };

		CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	}

	/* pselect6 */
	{
		fd_set r;
		struct timespec ts = { 8, 0 };

		FD_ZERO(&r);
		FD_SET(p[0], &r);
		pid = send_later();
		CHECK_ERR(pselect(p[0] + 1, &r, NULL, NULL, &ts, &open_mask), EINTR);
		CHECK_EQ(hits, 1);
		check_still_blocked();
		CHECK_CHILD_EXIT(pid, 0);
	}

	/* ppoll */
	{
		struct pollfd pfd = { .fd = p[0], .events = POLLIN };
		struct timespec ts = { 8, 0 };

		pid = send_later();
		CHECK_ERR(ppoll(&pfd, 1, &ts, &open_mask), EINTR);
		CHECK_EQ(hits, 2);
		check_still_blocked();
		CHECK_CHILD_EXIT(pid, 0);
	}

	/* epoll_pwait */
	{
		struct epoll_event out;

		pid = send_later();
		CHECK_ERR(epoll_pwait(ep, &out, 1, 8000, &open_mask), EINTR);
		CHECK_EQ(hits, 3);
		check_still_blocked();
		CHECK_CHILD_EXIT(pid, 0);
	}

	/* A mask that blocks it: the signal waits, the call times out. */
	{
		struct epoll_event out;

		pid = send_later();
		CHECK_EQ(epoll_pwait(ep, &out, 1, 300, &block), 0);
		CHECK_CHILD_EXIT(pid, 0);
		CHECK_EQ(hits, 3);
		/* Pending, blocked: delivered once unblocked. */
		CHECK_OK(sigprocmask(SIG_UNBLOCK, &block, NULL));
		CHECK_EQ(hits, 4);
	}
	utest_pass();
}
