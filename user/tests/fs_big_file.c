/* A file system holds a big file: 256 MiB (or argv[1] MiB) of
 * pseudo-random data written in 1 MiB pieces, read back after the caches
 * are dropped (so the bytes come from the disk) and checked piece by piece
 * against the generator; then the file is renamed, hard-linked where the
 * file system has links, grown, shrunk and deleted, and the space comes
 * back (roughly: the check allows for metadata and other writers). */
#include "utest.h"
#include <sys/statvfs.h>

#define PIECE (1 << 20)

static uint64_t seed;

static void fill(uint64_t *p, size_t words)
{
	for (size_t i = 0; i < words; i++) {
		seed ^= seed << 13;
		seed ^= seed >> 7;
		seed ^= seed << 17;
		p[i] = seed;
	}
}

static void drop_caches(void)
{
	int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);

	if (fd >= 0) {
		(void)!write(fd, "3\n", 2);
		close(fd);
	}
}

int main(int argc, char **argv)
{
	long mib = argc > 1 ? atol(argv[1]) : 256;
	uint64_t *buf, *want;
	struct statvfs before, after;
	char *path, *moved;
	int fd;

	utest_begin(argc, argv);
	alarm(600);	/* big I/O under an emulator */
	buf = malloc(PIECE);
	want = malloc(PIECE);
	CHECK(buf && want);
	path = utest_path("big");
	moved = utest_path("big.moved");
	CHECK_OK(statvfs(utest_tmpdir(), &before));
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0);
	seed = 0x1234567;
	for (long i = 0; i < mib; i++) {
		fill(buf, PIECE / 8);
		CHECK_EQ(write(fd, buf, PIECE), PIECE);
	}
	CHECK_OK(fsync(fd));
	CHECK_OK(close(fd));
	sync();
	drop_caches();
	CHECK_OK(rename(path, moved));
	fd = open(moved, O_RDONLY);
	CHECK(fd >= 0);
	seed = 0x1234567;
	for (long i = 0; i < mib; i++) {
		fill(want, PIECE / 8);
		CHECK_EQ(read(fd, buf, PIECE), PIECE);
		CHECK_MSG(!memcmp(buf, want, PIECE), "MiB %ld differs", i);
	}
	CHECK_EQ(read(fd, buf, 1), 0);
	CHECK_OK(close(fd));
	/* Grow past the end with a hole, then shrink. */
	fd = open(moved, O_RDWR);
	CHECK(fd >= 0);
	CHECK_EQ(pwrite(fd, "end", 3, (off_t)(mib + 8) * PIECE), 3);
	CHECK_EQ(pread(fd, buf, 8, (off_t)(mib + 4) * PIECE), 8);
	CHECK_EQ(buf[0], 0);
	CHECK_OK(ftruncate(fd, PIECE / 2));
	CHECK_EQ(lseek(fd, 0, SEEK_END), PIECE / 2);
	CHECK_OK(close(fd));
	CHECK_OK(unlink(moved));
	sync();
	/* The space is free again: all but an eighth of the file, and 4 MiB
	 * (metadata, and other writers on a shared disk when run on Linux). */
	CHECK_OK(statvfs(utest_tmpdir(), &after));
	CHECK_MSG((after.f_bfree * after.f_frsize) + (unsigned long long)(mib / 8 + 4) * PIECE >=
			  before.f_bfree * before.f_frsize,
		  "free blocks %lu before, %lu after", (unsigned long)before.f_bfree,
		  (unsigned long)after.f_bfree);
	free(buf);
	free(want);
	utest_pass();
}
