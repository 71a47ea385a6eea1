/* fcntl F_GETLK/F_SETLK: byte ranges conflict between processes, F_GETLK
 * names the holder, unlocking splits a range, same-type neighbours merge,
 * and closing any descriptor of the file, or exiting, drops the process's
 * locks. Argument errors as Linux. */
#include "utest.h"

static int lk(int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };

	return fcntl(fd, cmd, &fl);
}

static struct flock getlk(int fd, short type, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };

	CHECK_OK(fcntl(fd, F_GETLK, &fl));
	return fl;
}

static int to_child[2], to_parent[2];

static void send_byte(int fd) { CHECK_EQ(write(fd, "x", 1), 1); }
static void wait_byte(int fd) { char c; CHECK_EQ(read(fd, &c, 1), 1); }

int main(int argc, char **argv)
{
	struct flock fl;
	int fd, ro, fd2;
	pid_t pid, me = getpid();

	utest_begin(argc, argv);
	fd = CHECK_OK(open(utest_path("f"), O_RDWR | O_CREAT, 0644));
	CHECK_OK(pipe(to_child));
	CHECK_OK(pipe(to_parent));
	CHECK_OK(lk(fd, F_SETLK, F_WRLCK, 0, 10));
	CHECK_OK(lk(fd, F_SETLK, F_RDLCK, 20, 0));	/* to the end */
	pid = CHECK_OK(fork());
	if (pid == 0) {
		int c = CHECK_OK(open(utest_path("f"), O_RDWR));

		fl = getlk(c, F_RDLCK, 5, 1);
		CHECK_EQ(fl.l_type, F_WRLCK);
		CHECK_EQ(fl.l_start, 0);
		CHECK_EQ(fl.l_len, 10);
		CHECK_EQ(fl.l_pid, me);
		CHECK_EQ(fl.l_whence, SEEK_SET);
		CHECK_ERR(lk(c, F_SETLK, F_RDLCK, 9, 1), EAGAIN);
		CHECK_OK(lk(c, F_SETLK, F_WRLCK, 10, 10));
		CHECK_OK(lk(c, F_SETLK, F_RDLCK, 25, 5));	/* readers share */
		CHECK_ERR(lk(c, F_SETLK, F_WRLCK, 1000, 1), EAGAIN);
		fl = getlk(c, F_WRLCK, 100, 1);
		CHECK_EQ(fl.l_type, F_RDLCK);
		CHECK_EQ(fl.l_start, 20);
		CHECK_EQ(fl.l_len, 0);
		send_byte(to_parent[1]);
		wait_byte(to_child[0]);	/* parent unlocked [3,5) */
		CHECK_EQ(getlk(c, F_WRLCK, 3, 2).l_type, F_UNLCK);
		fl = getlk(c, F_WRLCK, 0, 10);
		CHECK_EQ(fl.l_start, 0);
		CHECK_EQ(fl.l_len, 3);
		fl = getlk(c, F_WRLCK, 4, 6);
		CHECK_EQ(fl.l_start, 5);
		CHECK_EQ(fl.l_len, 5);
		send_byte(to_parent[1]);
		wait_byte(to_child[0]);	/* parent relocked [3,5): one lock again */
		fl = getlk(c, F_WRLCK, 4, 1);
		CHECK_EQ(fl.l_start, 0);
		CHECK_EQ(fl.l_len, 10);
		send_byte(to_parent[1]);
		wait_byte(to_child[0]);	/* parent closed another descriptor */
		CHECK_EQ(getlk(c, F_WRLCK, 0, 0).l_type, F_UNLCK);
		CHECK_OK(lk(c, F_SETLK, F_WRLCK, 0, 10));
		_exit(0);	/* exiting drops the child's locks */
	}
	wait_byte(to_parent[0]);
	/* The child holds [10,20) for writing. */
	CHECK_ERR(lk(fd, F_SETLK, F_WRLCK, 15, 1), EAGAIN);
	fl = getlk(fd, F_WRLCK, 0, 0);
	CHECK_EQ(fl.l_pid, pid);
	CHECK_EQ(fl.l_start, 10);
	/* Our own locks never conflict with us. */
	CHECK_OK(lk(fd, F_SETLK, F_RDLCK, 0, 3));	/* [0,3) becomes a read lock */
	CHECK_OK(lk(fd, F_SETLK, F_WRLCK, 0, 3));	/* and back */
	CHECK_OK(lk(fd, F_SETLK, F_UNLCK, 3, 2));
	send_byte(to_child[1]);
	wait_byte(to_parent[0]);
	CHECK_OK(lk(fd, F_SETLK, F_WRLCK, 3, 2));
	send_byte(to_child[1]);
	wait_byte(to_parent[0]);
	fd2 = CHECK_OK(open(utest_path("f"), O_RDONLY));
	CHECK_OK(close(fd2));	/* POSIX: drops all our locks on the file */
	send_byte(to_child[1]);
	CHECK_CHILD_EXIT(pid, 0);
	CHECK_OK(lk(fd, F_SETLK, F_WRLCK, 0, 0));	/* the exited child's are gone */

	/* Negative lengths lock before the start. */
	CHECK_OK(lk(fd, F_SETLK, F_UNLCK, 0, 0));
	CHECK_OK(lk(fd, F_SETLK, F_WRLCK, 10, -5));	/* [5,10) */
	pid = CHECK_OK(fork());
	if (pid == 0) {
		fl = getlk(fd, F_WRLCK, 0, 0);	/* the parent's, seen by the child */
		CHECK_EQ(fl.l_start, 5);
		CHECK_EQ(fl.l_len, 5);
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);

	ro = CHECK_OK(open(utest_path("f"), O_RDONLY));
	CHECK_ERR(lk(ro, F_SETLK, F_WRLCK, 0, 1), EBADF);
	CHECK_ERR(lk(fd, F_SETLK, 7, 0, 1), EINVAL);
	CHECK_ERR(lk(fd, F_GETLK, F_UNLCK, 0, 1), EINVAL);
	CHECK_ERR(lk(fd, F_SETLK, F_WRLCK, -1, 1), EINVAL);
	CHECK_ERR(lk(fd, F_SETLK, F_WRLCK, 2, -5), EINVAL);
	fl = (struct flock){ .l_type = F_WRLCK, .l_whence = 9 };
	CHECK_ERR(fcntl(fd, F_SETLK, &fl), EINVAL);
	CHECK_ERR(syscall(SYS_fcntl, fd, F_SETLK, UTEST_BAD_PTR), EFAULT);
	CHECK_ERR(lk(-1, F_SETLK, F_WRLCK, 0, 1), EBADF);
	utest_pass();
}
