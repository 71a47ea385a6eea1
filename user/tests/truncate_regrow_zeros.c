/* A file cut short and grown again reads zeros past the cut, as on Linux:
 * written (8000 bytes) and fsync'ed (its blocks hold the bytes), cut to
 * 3000, grown to 5000, then read through the cache, and again after its
 * pages were written back and dropped (fsync, drop_caches), while another
 * file takes the freed blocks. A disk file system that kept the blocks
 * past the cut reads the old bytes back. */
#include "utest.h"

#define LEN 8000
#define CUT 3000
#define GROW 5000

static void check_zeros(int fd, const char *when)
{
	static unsigned char buf[GROW];

	CHECK_EQ(pread(fd, buf, GROW, 0), GROW);
	for (int i = 0; i < GROW; i++)
		if (buf[i] != (i < CUT ? 'a' : 0))
			CHECK_MSG(0, "%s: byte %d is %d", when, i, buf[i]);
}

int main(int argc, char **argv)
{
	static char buf[1 << 16];
	int fd, other, drop;

	utest_begin(argc, argv);
	memset(buf, 'a', LEN);
	fd = CHECK_OK(open(utest_path("f"), O_RDWR | O_CREAT | O_TRUNC, 0644));
	CHECK_EQ(write(fd, buf, LEN), LEN);
	CHECK_OK(fsync(fd));
	CHECK_OK(ftruncate(fd, CUT));
	CHECK_OK(ftruncate(fd, GROW));
	check_zeros(fd, "cached");
	/* Another file takes the freed blocks with other bytes. */
	memset(buf, 'x', sizeof(buf));
	other = CHECK_OK(open(utest_path("g"), O_RDWR | O_CREAT | O_TRUNC, 0644));
	CHECK_EQ(write(other, buf, sizeof(buf)), (long)sizeof(buf));
	CHECK_OK(fsync(other));
	CHECK_OK(fsync(fd));
	check_zeros(fd, "written back");
	drop = open("/proc/sys/vm/drop_caches", O_WRONLY);
	if (drop >= 0) {	/* only root may; the cache is dropped if so */
		if (write(drop, "1", 1) < 0)
			CHECK_EQ(errno, EACCES);
		close(drop);
	}
	check_zeros(fd, "read again");
	CHECK_OK(close(other));
	CHECK_OK(close(fd));
	utest_pass();
}
