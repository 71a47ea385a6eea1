/* Reads and writes of a block device at any offset and length: partial
 * sectors are read-modified-written, the end of the device gives 0 on
 * read and ENOSPC on write, and pread/pwrite/fsync work on it; O_DIRECT
 * takes aligned I/O only. Uses the scratch disk /dev/vdb. */
#include "utest.h"
#include <sys/ioctl.h>
#include <linux/fs.h>

#define OFF 1000
#define LEN 70000	/* over a 64 KiB bounce buffer, unaligned both ends */

/* UTEST_BLKDEV names another scratch device (a loop device, on Linux). */
static const char *dev(void)
{
	return getenv("UTEST_BLKDEV") ? getenv("UTEST_BLKDEV") : "/dev/vdb";
}

int main(int argc, char **argv)
{
	static unsigned char pat[LEN], got[LEN + 2048];
	unsigned long long size = 0;
	int fd;

	utest_begin(argc, argv);
	fd = CHECK_OK(open(dev(), O_RDWR));
	CHECK_OK(ioctl(fd, BLKGETSIZE64, &size));
	/* Known background: 0xee over the first 80 KiB. */
	memset(got, 0xee, sizeof(got));
	CHECK_EQ(pwrite(fd, got, sizeof(got), 0), (ssize_t)sizeof(got));
	for (size_t i = 0; i < LEN; i++)
		pat[i] = (unsigned char)(i * 7 + 3);
	CHECK_EQ(lseek(fd, OFF, SEEK_SET), OFF);
	CHECK_EQ(write(fd, pat, LEN), LEN);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), OFF + LEN);
	CHECK_OK(fsync(fd));
	CHECK_OK(fdatasync(fd));
	memset(got, 0, sizeof(got));
	CHECK_EQ(pread(fd, got, sizeof(got), 0), (ssize_t)sizeof(got));
	for (size_t i = 0; i < OFF; i++)
		CHECK_EQ(got[i], 0xee);
	CHECK(!memcmp(got + OFF, pat, LEN));
	for (size_t i = OFF + LEN; i < sizeof(got); i++)
		CHECK_EQ(got[i], 0xee);
	/* A small unaligned read inside one sector. */
	CHECK_EQ(pread(fd, got, 3, OFF + 5), 3);
	CHECK(!memcmp(got, pat + 5, 3));

	/* The end: a read crossing it is short, one at it gives 0. */
	memset(pat, 0x5a, 100);
	CHECK_EQ(pwrite(fd, pat, 100, size - 60), 60);
	CHECK_EQ(pread(fd, got, 100, size - 60), 60);
	CHECK_EQ(got[0], 0x5a);
	CHECK_EQ(got[59], 0x5a);
	CHECK_EQ(pread(fd, got, 100, size), 0);
	CHECK_EQ(pread(fd, got, 100, size + 4096), 0);
	CHECK_ERR(pwrite(fd, pat, 100, size), ENOSPC);
	CHECK_EQ(lseek(fd, 0, SEEK_END), (off_t)size);
	CHECK_EQ(read(fd, got, 10), 0);
	CHECK_ERR(write(fd, pat, 10), ENOSPC);
	CHECK_ERR(pread(fd, got, 10, -1), EINVAL);
	CHECK_ERR(syscall(SYS_pread64, fd, UTEST_BAD_PTR, 10, 0), EFAULT);
	close(fd);

	/* O_DIRECT: whole sectors at aligned offsets, else EINVAL (the buffer's
	 * alignment depends on the device: Linux's loop takes any). */
	fd = CHECK_OK(open(dev(), O_RDWR | O_DIRECT));
	{
		unsigned char *al = (unsigned char *)(((uintptr_t)got + 4095) & ~(uintptr_t)4095);

		memset(al, 0x77, 4096);
		CHECK_EQ(pwrite(fd, al, 4096, 8192), 4096);
		memset(al, 0, 4096);
		CHECK_EQ(pread(fd, al, 4096, 8192), 4096);
		CHECK_EQ(al[0], 0x77);
		CHECK_EQ(al[4095], 0x77);
		CHECK_ERR(pread(fd, al, 4096, 8192 + 100), EINVAL);
		CHECK_ERR(pread(fd, al, 100, 8192), EINVAL);
		CHECK_ERR(pwrite(fd, al, 100, 8192), EINVAL);
		CHECK_EQ(pread(fd, al + 1, 512, size), 0);	/* the end comes first */
	}
	close(fd);

	/* Read-only descriptors cannot write. */
	fd = CHECK_OK(open(dev(), O_RDONLY));
	CHECK_ERR(write(fd, pat, 10), EBADF);
	CHECK_OK(ioctl(fd, BLKFLSBUF, 0));
	close(fd);
	utest_pass();
}
