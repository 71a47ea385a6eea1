/* A signal handler interrupts FUTEX_WAIT as Linux says: an untimed wait
 * comes back with EINTR without SA_RESTART and goes on waiting with it;
 * a timed wait says EINTR even with SA_RESTART. A stop and continue (no
 * handler) does not end a timed wait: it restarts with what is left. */
#include "futex_util.h"
#include <pthread.h>

static uint32_t word;
static int handled;
static pid_t waiter_tid;
static long result, result_errno;

static void handler(int sig)
{
	(void)sig;
	__atomic_fetch_add(&handled, 1, __ATOMIC_SEQ_CST);
}

static void *waiter(void *arg)
{
	struct timespec ts = { 8, 0 };

	waiter_tid = (pid_t)syscall(SYS_gettid);
	result = futex_call(&word, FUTEX_WAIT_PRIVATE, 0, arg ? &ts : NULL, NULL, 0);
	result_errno = errno;
	return NULL;
}

/* Run a waiter (timed or not), signal it once asleep; its result. */
static long interrupt(int flags, int timed, int wake)
{
	struct sigaction sa;
	pthread_t t;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sa.sa_flags = flags;
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	handled = 0;
	waiter_tid = 0;
	CHECK_EQ(pthread_create(&t, NULL, waiter, timed ? &t : NULL), 0);
	futex_wait_for_waiters(&word, FUTEX_PRIVATE_FLAG, 1);
	CHECK_OK(syscall(SYS_tgkill, getpid(), waiter_tid, SIGUSR1));
	while (!__atomic_load_n(&handled, __ATOMIC_SEQ_CST))
		usleep(1000);
	if (wake) {
		/* Restarted: asleep again, until woken. */
		futex_wait_for_waiters(&word, FUTEX_PRIVATE_FLAG, 1);
		CHECK_EQ(futex_call(&word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0), 1);
	}
	CHECK_EQ(pthread_join(t, NULL), 0);
	errno = (int)result_errno;
	return result;
}

int main(int argc, char **argv)
{
	utest_begin(argc, argv);
	CHECK_ERR(interrupt(0, 0, 0), EINTR);
	CHECK_EQ(interrupt(SA_RESTART, 0, 1), 0);
	CHECK_ERR(interrupt(SA_RESTART, 1, 0), EINTR);
	CHECK_ERR(interrupt(0, 1, 0), EINTR);

	pid_t pid = utest_fork();
	if (pid == 0) {
		struct timespec ts = { 0, 400000000 };
		uint64_t start = now_ns(CLOCK_MONOTONIC);
		long r = futex_call(&word, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0);

		_exit(r == -1 && errno == ETIMEDOUT && now_ns(CLOCK_MONOTONIC) - start >= 390000000
			      ? 0 : 1);
	}
	usleep(100000);
	CHECK_OK(kill(pid, SIGSTOP));
	int st;
	CHECK_EQ(waitpid(pid, &st, WUNTRACED), pid);
	CHECK(WIFSTOPPED(st));
	CHECK_OK(kill(pid, SIGCONT));
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
