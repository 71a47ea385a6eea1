/* sendfile(2): from a file to a file or a pipe, with an offset pointer
 * (the file offset stays) and without (it advances), stopping at the end
 * of the input; and Linux's errors. */
#include "utest.h"
#include <sys/sendfile.h>

int main(int argc, char **argv)
{
	char buf[64];
	int in, out, p[2], wo;
	off_t off;

	utest_begin(argc, argv);
	in = CHECK_OK(open(utest_path("in"), O_RDWR | O_CREAT, 0644));
	CHECK_EQ(write(in, "0123456789", 10), 10);
	out = CHECK_OK(open(utest_path("out"), O_RDWR | O_CREAT, 0644));

	/* With an offset: in's own offset (at 10) does not move. */
	off = 2;
	CHECK_EQ(sendfile(out, in, &off, 5), 5);
	CHECK_EQ(off, 7);
	CHECK_EQ(lseek(in, 0, SEEK_CUR), 10);
	CHECK_EQ(lseek(out, 0, SEEK_CUR), 5);
	CHECK_EQ(pread(out, buf, sizeof(buf), 0), 5);
	CHECK(!memcmp(buf, "23456", 5));
	off = 8;
	CHECK_EQ(sendfile(out, in, &off, 100), 2);	/* stops at the end */
	CHECK_EQ(off, 10);
	off = 50;
	CHECK_EQ(sendfile(out, in, &off, 100), 0);

	/* Without: from in's offset, which advances. */
	CHECK_EQ(lseek(in, 6, SEEK_SET), 6);
	CHECK_OK(pipe(p));
	CHECK_EQ(sendfile(p[1], in, NULL, 3), 3);
	CHECK_EQ(lseek(in, 0, SEEK_CUR), 9);
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 3);
	CHECK(!memcmp(buf, "678", 3));
	CHECK_EQ(sendfile(out, in, NULL, 0), 0);

	CHECK_ERR(sendfile(out, p[0], NULL, 1), EINVAL);	/* a pipe is no source */
	off = 0;
	CHECK_ERR(sendfile(out, p[0], &off, 1), ESPIPE);
	off = -1;
	CHECK_ERR(sendfile(out, in, &off, 1), EINVAL);
	wo = CHECK_OK(open(utest_path("in"), O_WRONLY));
	CHECK_ERR(sendfile(out, wo, NULL, 1), EBADF);
	CHECK_ERR(sendfile(p[0], in, NULL, 1), EBADF);
	CHECK_ERR(sendfile(-1, in, NULL, 1), EBADF);
	CHECK_ERR(sendfile(out, -1, NULL, 1), EBADF);
	CHECK_ERR(syscall(SYS_sendfile, out, in, UTEST_BAD_PTR, 1), EFAULT);
	CHECK_OK(close(out));
	out = CHECK_OK(open(utest_path("out"), O_WRONLY | O_APPEND));
	CHECK_ERR(sendfile(out, in, NULL, 1), EINVAL);
	utest_pass();
}
