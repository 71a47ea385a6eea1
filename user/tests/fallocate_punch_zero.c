/*
 * fallocate on a disk file system: PUNCH_HOLE|KEEP_SIZE frees the whole
 * blocks of the range and zeros the partial ones, keeps
 * the size and does nothing past the end; ZERO_RANGE zeros a range, keeps
 * its blocks, and extends the size unless KEEP_SIZE; a hole written again
 * holds the new data; all of it also read back from the disk with the
 * page cache dropped. (tmpfs has no ZERO_RANGE and vfat neither mode:
 * fs-cases.txt runs it on ext4.)
 */
#include "utest.h"
#include <linux/falloc.h>

#define BS 4096
#define LEN (8 * BS)

static char buf[LEN + 2 * BS], want[LEN + 2 * BS];

/* Clean pages go: what follows reads the disk. */
static void drop_caches(void)
{
	int fd = CHECK_OK(open("/proc/sys/vm/drop_caches", O_WRONLY));

	CHECK_EQ(write(fd, "3", 1), 1);
	CHECK_OK(close(fd));
}

static void check_content(int fd, off_t size)
{
	CHECK_EQ(pread(fd, buf, sizeof(buf), 0), (ssize_t)size);
	for (off_t i = 0; i < size; i++)
		CHECK_MSG(buf[i] == want[i], "byte %ld is %d, not %d", (long)i, buf[i], want[i]);
}

int main(int argc, char **argv)
{
	struct stat st;
	blkcnt_t full;
	int fd;

	utest_begin(argc, argv);
	fd = CHECK_OK(open(utest_path("f"), O_RDWR | O_CREAT, 0644));
	memset(want, 'x', LEN);
	CHECK_EQ(pwrite(fd, want, LEN, 0), LEN);
	CHECK_OK(fsync(fd));
	CHECK_OK(fstat(fd, &st));
	full = st.st_blocks;
	CHECK(full >= LEN / 512);
	drop_caches();

	/* Partial block, two whole blocks (at least), partial block. */
	CHECK_OK(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 1000, 3 * BS));
	memset(want + 1000, 0, 3 * BS);
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, LEN);
	check_content(fd, LEN);
	CHECK_OK(fsync(fd));
	drop_caches();
	check_content(fd, LEN);

	/* The hole takes data again. */
	CHECK_EQ(pwrite(fd, "hole", 4, 2 * BS + 10), 4);
	memcpy(want + 2 * BS + 10, "hole", 4);
	check_content(fd, LEN);

	/* Past the end: nothing; over the end: up to it; the size stays. */
	CHECK_OK(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, LEN + BS, BS));
	CHECK_OK(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, LEN - 100, 5 * BS));
	memset(want + LEN - 100, 0, 100);
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, LEN);
	check_content(fd, LEN);
	CHECK_ERR(fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, BS), EOPNOTSUPP);

	/* ZERO_RANGE inside: zeros, the blocks stay allocated. */
	CHECK_OK(fstat(fd, &st));
	full = st.st_blocks;
	CHECK_OK(fallocate(fd, FALLOC_FL_ZERO_RANGE, 5 * BS + 7, BS + 100));
	memset(want + 5 * BS + 7, 0, BS + 100);
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, LEN);
	CHECK_EQ(st.st_blocks, full);
	check_content(fd, LEN);

	/* Over the end: KEEP_SIZE keeps the size, else it grows. */
	CHECK_OK(fallocate(fd, FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, LEN - 10, BS));
	memset(want + LEN - 10, 0, 10);
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, LEN);
	CHECK_OK(fallocate(fd, FALLOC_FL_ZERO_RANGE, LEN - 10, BS + 20));
	memset(want + LEN, 0, BS + 10);
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, LEN + BS + 10);
	check_content(fd, LEN + BS + 10);
	CHECK_OK(fsync(fd));
	CHECK_OK(close(fd));
	drop_caches();

	/* Read again through a new descriptor, after the data reached the disk. */
	fd = CHECK_OK(open(utest_path("f"), O_RDONLY));
	check_content(fd, LEN + BS + 10);
	CHECK_OK(close(fd));
	utest_pass();
}
