/* flock(2): locks belong to the open file description (shared by dup and
 * fork), conflict between descriptions, convert, go on the last close,
 * block until released, and a signal interrupts a wait (EINTR). */
#include "utest.h"
#include <sys/file.h>

static void on_alarm(int sig) { (void)sig; }

int main(int argc, char **argv)
{
	int a, b, d, p[2];
	char c;
	pid_t pid;
	struct sigaction sa;

	utest_begin(argc, argv);
	a = CHECK_OK(open(utest_path("f"), O_RDWR | O_CREAT, 0644));
	b = CHECK_OK(open(utest_path("f"), O_RDONLY));
	CHECK_OK(flock(a, LOCK_EX));
	CHECK_ERR(flock(b, LOCK_EX | LOCK_NB), EWOULDBLOCK);
	CHECK_ERR(flock(b, LOCK_SH | LOCK_NB), EWOULDBLOCK);
	CHECK_OK(flock(a, LOCK_EX));	/* again: no change */
	CHECK_OK(flock(a, LOCK_SH));	/* convert */
	CHECK_OK(flock(b, LOCK_SH | LOCK_NB));
	CHECK_ERR(flock(a, LOCK_EX | LOCK_NB), EWOULDBLOCK);	/* b shares */
	CHECK_OK(flock(b, LOCK_UN));
	CHECK_OK(flock(a, LOCK_EX | LOCK_NB));

	/* A dup shares the lock; only the last close of the description drops it. */
	d = CHECK_OK(dup(a));
	CHECK_OK(close(a));
	CHECK_ERR(flock(b, LOCK_SH | LOCK_NB), EWOULDBLOCK);
	CHECK_OK(close(d));
	CHECK_OK(flock(b, LOCK_EX | LOCK_NB));
	CHECK_OK(flock(b, LOCK_UN));
	CHECK_OK(flock(b, LOCK_UN));	/* unlocking nothing is fine */

	CHECK_ERR(flock(b, 0), EINVAL);
	CHECK_ERR(flock(b, LOCK_SH | LOCK_EX), EINVAL);
	CHECK_ERR(flock(-1, LOCK_SH), EBADF);

	/* A child inherits the description, hence the lock; a wait blocks
	 * until the holder unlocks. */
	a = CHECK_OK(open(utest_path("f"), O_RDWR));
	CHECK_OK(flock(a, LOCK_EX));
	CHECK_OK(pipe(p));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		CHECK_OK(flock(a, LOCK_EX | LOCK_NB));	/* same description */
		CHECK_EQ(write(p[1], "x", 1), 1);
		usleep(200000);
		CHECK_OK(flock(a, LOCK_UN));
		_exit(0);
	}
	CHECK_EQ(read(p[0], &c, 1), 1);
	CHECK_OK(flock(b, LOCK_EX));	/* waits for the child's unlock */
	CHECK_CHILD_EXIT(pid, 0);

	/* A signal without SA_RESTART ends the wait with EINTR. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	CHECK_OK(sigaction(SIGALRM, &sa, NULL));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		int c2 = CHECK_OK(open(utest_path("f"), O_RDONLY));

		alarm(1);
		CHECK_ERR(flock(c2, LOCK_SH), EINTR);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	utest_pass();
}
