/* Open-file-description locks (F_OFD_*): owned by the open file, so two
 * opens in one process conflict, closing another descriptor keeps them,
 * they conflict with POSIX locks, F_OFD_GETLK reports l_pid -1, and
 * l_pid must be 0 when setting. */
#include "utest.h"

static int lk(int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };

	return fcntl(fd, cmd, &fl);
}

int main(int argc, char **argv)
{
	struct flock fl;
	int a, b, c;
	pid_t pid;

	utest_begin(argc, argv);
	a = CHECK_OK(open(utest_path("f"), O_RDWR | O_CREAT, 0644));
	b = CHECK_OK(open(utest_path("f"), O_RDWR));
	CHECK_OK(lk(a, F_OFD_SETLK, F_WRLCK, 0, 10));
	CHECK_ERR(lk(b, F_OFD_SETLK, F_RDLCK, 5, 1), EAGAIN);
	CHECK_ERR(lk(b, F_SETLK, F_RDLCK, 5, 1), EAGAIN);	/* POSIX vs OFD */
	fl = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1 };
	CHECK_OK(fcntl(b, F_OFD_GETLK, &fl));
	CHECK_EQ(fl.l_type, F_WRLCK);
	CHECK_EQ(fl.l_pid, -1);
	CHECK_EQ(fl.l_len, 10);
	fl = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1 };
	CHECK_OK(fcntl(b, F_GETLK, &fl));	/* POSIX test sees the OFD lock too */
	CHECK_EQ(fl.l_pid, -1);

	/* Closing another descriptor of the file keeps OFD locks. */
	c = CHECK_OK(open(utest_path("f"), O_RDONLY));
	CHECK_OK(close(c));
	CHECK_ERR(lk(b, F_OFD_SETLK, F_WRLCK, 0, 1), EAGAIN);

	/* A forked child shares the description, hence the lock. */
	pid = CHECK_OK(fork());
	if (pid == 0) {
		CHECK_OK(lk(a, F_OFD_SETLK, F_WRLCK, 0, 20));
		_exit(0);
	}
	CHECK_CHILD_EXIT(pid, 0);
	CHECK_ERR(lk(b, F_OFD_SETLK, F_WRLCK, 15, 1), EAGAIN);

	fl = (struct flock){ .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_pid = 1 };
	CHECK_ERR(fcntl(b, F_OFD_SETLK, &fl), EINVAL);
	CHECK_ERR(fcntl(b, F_OFD_GETLK, &fl), EINVAL);

	/* The last close of the description drops them. */
	CHECK_OK(close(a));
	CHECK_OK(lk(b, F_OFD_SETLKW, F_WRLCK, 0, 0));
	utest_pass();
}
