/* copy_file_range(2): copies between regular files with and without
 * offset pointers, stops at the input's end, refuses overlapping ranges
 * of one file, and checks its arguments as Linux. */
#include "utest.h"

static ssize_t cfr(int in, loff_t *oin, int out, loff_t *oout, size_t len, unsigned int flags)
{
	return syscall(SYS_copy_file_range, in, oin, out, oout, len, flags);
}

int main(int argc, char **argv)
{
	char buf[64];
	int in, out, ro, p[2], dir;
	loff_t oin, oout;

	utest_begin(argc, argv);
	in = CHECK_OK(open(utest_path("in"), O_RDWR | O_CREAT, 0644));
	CHECK_EQ(write(in, "abcdefghij", 10), 10);
	out = CHECK_OK(open(utest_path("out"), O_RDWR | O_CREAT, 0644));
	oin = 3;
	oout = 100;
	CHECK_EQ(cfr(in, &oin, out, &oout, 4, 0), 4);
	CHECK_EQ(oin, 7);
	CHECK_EQ(oout, 104);
	CHECK_EQ(lseek(out, 0, SEEK_CUR), 0);
	CHECK_EQ(pread(out, buf, 4, 100), 4);
	CHECK(!memcmp(buf, "defg", 4));

	/* File offsets: both advance. */
	CHECK_EQ(lseek(in, 8, SEEK_SET), 8);
	CHECK_EQ(cfr(in, NULL, out, NULL, 50, 0), 2);	/* to the end of in */
	CHECK_EQ(lseek(in, 0, SEEK_CUR), 10);
	CHECK_EQ(lseek(out, 0, SEEK_CUR), 2);
	CHECK_EQ(pread(out, buf, 2, 0), 2);
	CHECK(!memcmp(buf, "ij", 2));
	CHECK_EQ(cfr(in, NULL, out, NULL, 50, 0), 0);
	CHECK_EQ(cfr(in, NULL, out, NULL, 0, 0), 0);

	/* Within one file: fine apart, EINVAL overlapping. */
	oin = 0;
	oout = 20;
	CHECK_EQ(cfr(in, &oin, in, &oout, 5, 0), 5);
	oin = 0;
	oout = 2;
	CHECK_ERR(cfr(in, &oin, in, &oout, 5, 0), EINVAL);

	CHECK_ERR(cfr(in, NULL, out, NULL, 1, 1), EINVAL);
	oin = -1;
	CHECK_ERR(cfr(in, &oin, out, NULL, 1, 0), EOVERFLOW);
	CHECK_OK(pipe(p));
	CHECK_ERR(cfr(p[0], NULL, out, NULL, 1, 0), EINVAL);
	CHECK_ERR(cfr(in, NULL, p[1], NULL, 1, 0), EINVAL);
	dir = CHECK_OK(open(utest_tmpdir(), O_RDONLY | O_DIRECTORY));
	CHECK_ERR(cfr(dir, NULL, out, NULL, 1, 0), EISDIR);
	ro = CHECK_OK(open(utest_path("out"), O_RDONLY));
	CHECK_ERR(cfr(in, NULL, ro, NULL, 1, 0), EBADF);
	CHECK_ERR(cfr(-1, NULL, out, NULL, 1, 0), EBADF);
	CHECK_ERR(cfr(in, UTEST_BAD_PTR, out, NULL, 1, 0), EFAULT);
	CHECK_OK(close(out));
	out = CHECK_OK(open(utest_path("out"), O_WRONLY | O_APPEND));
	CHECK_ERR(cfr(in, NULL, out, NULL, 1, 0), EBADF);
	utest_pass();
}
