/* splice(2) between a pipe and a file (both ways, with and without an
 * offset pointer) and between two pipes; tee(2) duplicates a pipe's
 * contents; vmsplice(2) moves user memory into and out of a pipe; and
 * the errors of Linux. */
#include "utest.h"
#include <sys/uio.h>

int main(int argc, char **argv)
{
	char buf[64];
	int f, p[2], q[2];
	loff_t off;
	struct iovec iov[2];

	utest_begin(argc, argv);
	f = CHECK_OK(open(utest_path("f"), O_RDWR | O_CREAT, 0644));
	CHECK_EQ(write(f, "hello world", 11), 11);
	CHECK_OK(pipe(p));
	CHECK_OK(pipe(q));

	/* File to pipe, with an offset (the file's stays at 11). */
	off = 6;
	CHECK_EQ(splice(f, &off, p[1], NULL, 5, 0), 5);
	CHECK_EQ(off, 11);
	CHECK_EQ(lseek(f, 0, SEEK_CUR), 11);
	/* Pipe to pipe, then pipe to file at its offset. */
	CHECK_EQ(splice(p[0], NULL, q[1], NULL, 100, 0), 5);
	CHECK_EQ(splice(q[0], NULL, f, NULL, 100, 0), 5);
	CHECK_EQ(lseek(f, 0, SEEK_CUR), 16);
	CHECK_EQ(pread(f, buf, sizeof(buf), 0), 16);
	CHECK(!memcmp(buf, "hello worldworld", 16));
	/* File to pipe from the file's offset, which advances. */
	CHECK_EQ(lseek(f, 0, SEEK_SET), 0);
	CHECK_EQ(splice(f, NULL, p[1], NULL, 5, 0), 5);
	CHECK_EQ(lseek(f, 0, SEEK_CUR), 5);
	/* tee: q gets a copy, p keeps its bytes. */
	CHECK_EQ(tee(p[0], q[1], 100, 0), 5);
	CHECK_EQ(read(q[0], buf, sizeof(buf)), 5);
	CHECK(!memcmp(buf, "hello", 5));
	/* Pipe to file at an offset. */
	off = 100;
	CHECK_EQ(splice(p[0], NULL, f, &off, 100, 0), 5);
	CHECK_EQ(off, 105);
	CHECK_EQ(pread(f, buf, 5, 100), 5);
	CHECK(!memcmp(buf, "hello", 5));
	/* An empty pipe: EAGAIN with SPLICE_F_NONBLOCK, for tee too. */
	CHECK_ERR(splice(p[0], NULL, f, NULL, 10, SPLICE_F_NONBLOCK), EAGAIN);
	CHECK_ERR(tee(p[0], q[1], 10, SPLICE_F_NONBLOCK), EAGAIN);
	/* At the end of the file: 0. */
	off = 1000;
	CHECK_EQ(splice(f, &off, p[1], NULL, 10, 0), 0);

	/* vmsplice: user memory into the pipe, and out of it. */
	iov[0] = (struct iovec){ "abc", 3 };
	iov[1] = (struct iovec){ "de", 2 };
	CHECK_EQ(vmsplice(p[1], iov, 2, 0), 5);
	memset(buf, 0, sizeof(buf));
	iov[0] = (struct iovec){ buf, 2 };
	iov[1] = (struct iovec){ buf + 10, 10 };
	CHECK_EQ(vmsplice(p[0], iov, 2, 0), 5);
	CHECK(!memcmp(buf, "ab", 2) && !memcmp(buf + 10, "cde", 3));

	/* Errors. */
	CHECK_EQ(splice(f, NULL, f, NULL, 0, 0), 0);	/* no length: nothing checked */
	CHECK_ERR(splice(f, NULL, f, NULL, 1, 0), EINVAL);	/* no pipe */
	CHECK_ERR(splice(p[0], NULL, p[1], NULL, 1, 0), EINVAL);	/* the same pipe */
	off = 0;
	CHECK_ERR(splice(p[0], &off, f, NULL, 1, 0), ESPIPE);
	CHECK_ERR(splice(p[0], NULL, q[1], &off, 1, 0), ESPIPE);
	CHECK_ERR(splice(p[1], NULL, f, NULL, 1, 0), EBADF);	/* write end as input */
	CHECK_ERR(splice(f, NULL, p[1], NULL, 1, 0x100), EINVAL);
	CHECK_ERR(splice(-1, NULL, p[1], NULL, 1, 0), EBADF);
	off = -1;
	CHECK_ERR(splice(f, &off, p[1], NULL, 1, 0), EINVAL);
	CHECK_ERR(tee(f, q[1], 1, 0), EINVAL);
	CHECK_ERR(tee(p[0], p[1], 1, 0), EINVAL);
	CHECK_ERR(tee(-1, q[1], 1, 0), EBADF);
	CHECK_ERR(vmsplice(f, iov, 1, 0), EBADF);
	CHECK_ERR(vmsplice(p[1], iov, 1, 0x100), EINVAL);
	CHECK_ERR(vmsplice(p[1], iov, 2000, 0), EINVAL);
	CHECK_OK(close(f));
	f = CHECK_OK(open(utest_path("f"), O_WRONLY | O_APPEND));
	CHECK_EQ(write(q[1], "z", 1), 1);
	CHECK_ERR(splice(q[0], NULL, f, NULL, 1, 0), EINVAL);
	utest_pass();
}
