/* fallocate: mode 0 extends the file with zeros, KEEP_SIZE leaves the size,
 * PUNCH_HOLE|KEEP_SIZE zeros a range; Linux's argument checks. */
#include "utest.h"
#include <linux/falloc.h>

int main(int argc, char **argv)
{
	static char buf[3 * 4096];
	struct stat st;
	int fd, ro, p[2], null;

	utest_begin(argc, argv);
	fd = CHECK_OK(open(utest_path("f"), O_RDWR | O_CREAT, 0644));
	CHECK_EQ(write(fd, "abc", 3), 3);
	CHECK_OK(fallocate(fd, 0, 0, 10000));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 10000);
	CHECK_EQ(pread(fd, buf, sizeof(buf), 0), 10000);
	CHECK(!memcmp(buf, "abc", 3));
	for (int i = 3; i < 10000; i++)
		CHECK_EQ(buf[i], 0);
	CHECK_OK(fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 20000));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 10000);
	CHECK_OK(fallocate(fd, 0, 100, 10));	/* inside: no change */
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 10000);

	memset(buf, 'x', sizeof(buf));
	CHECK_EQ(pwrite(fd, buf, sizeof(buf), 0), (ssize_t)sizeof(buf));
	CHECK_OK(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 100, 8000));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, (off_t)sizeof(buf));
	CHECK_EQ(pread(fd, buf, sizeof(buf), 0), (ssize_t)sizeof(buf));
	for (int i = 0; i < (int)sizeof(buf); i++)
		CHECK_MSG(buf[i] == (i >= 100 && i < 8100 ? 0 : 'x'), "byte %d is %d", i, buf[i]);

	CHECK_ERR(fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 10), EOPNOTSUPP);
	CHECK_ERR(fallocate(fd, 0x100, 0, 10), EOPNOTSUPP);
	CHECK_ERR(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE,
			    0, 10), EOPNOTSUPP);
	CHECK_ERR(fallocate(fd, FALLOC_FL_COLLAPSE_RANGE | FALLOC_FL_KEEP_SIZE, 0, 4096), EOPNOTSUPP);
	CHECK_ERR(fallocate(fd, 0, 0, 0), EINVAL);
	CHECK_ERR(fallocate(fd, 0, -1, 10), EINVAL);
	CHECK_ERR(fallocate(fd, 0, 0x7fffffffffffff00LL, 0x1000), EFBIG);
	ro = CHECK_OK(open(utest_path("f"), O_RDONLY));
	CHECK_ERR(fallocate(ro, 0, 0, 10), EBADF);
	CHECK_OK(pipe(p));
	CHECK_ERR(fallocate(p[1], 0, 0, 10), ESPIPE);
	null = CHECK_OK(open("/dev/null", O_WRONLY));
	CHECK_ERR(fallocate(null, 0, 0, 10), ENODEV);
	CHECK_ERR(fallocate(-1, 0, 0, 10), EBADF);
	utest_pass();
}
