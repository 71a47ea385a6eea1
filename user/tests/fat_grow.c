/* File data on a FAT volume: a file grown over many clusters in writes of
 * odd sizes reads back the same; a
 * write past the end leaves zeros in the gap; truncating down then up
 * reads zeros; an unlinked file stays readable while open; the big file,
 * written with O_SYNC, reads back from the disk after the caches are
 * dropped. statfs says MSDOS_SUPER_MAGIC, and the free clusters go down
 * by the file's clusters and come back when it is deleted. */
#include "fat_disk.h"
#include <sys/statfs.h>

#define BIG (3 * 1024 * 1024 + 777)

static unsigned char pattern(size_t i)
{
	return (unsigned char)((i * 2654435761u) >> 13);
}

static void check_big(const char *path)
{
	static unsigned char got[65536];
	size_t off = 0;
	ssize_t r;
	int fd = CHECK_OK(open(path, O_RDONLY));

	while ((r = read(fd, got, 40000)) > 0) {
		for (ssize_t i = 0; i < r; i++)
			if (got[i] != pattern(off + (size_t)i))
				CHECK_MSG(0, "byte %zu differs", off + (size_t)i);
		off += (size_t)r;
	}
	CHECK_EQ(r, 0);
	CHECK_EQ(off, BIG);
	CHECK_OK(close(fd));
}

int main(int argc, char **argv)
{
	static unsigned char chunk[70000];
	char work[UTEST_PATH_MAX / 2], big[UTEST_PATH_MAX], gap[UTEST_PATH_MAX];
	unsigned char b[8192];
	struct stat st;
	struct statfs sf0, sf1;
	size_t off = 0;
	int fd, fd2;

	utest_begin(argc, argv);
	snprintf(work, sizeof(work), "%s", fat_require());
	CHECK_OK(statfs(work, &sf0));
	CHECK_EQ(sf0.f_type, 0x4d44);
	CHECK_EQ(sf0.f_namelen, 255);
	CHECK(sf0.f_bsize >= 512 && sf0.f_bfree <= sf0.f_blocks);
	snprintf(big, sizeof(big), "%s/a big file over many clusters.bin", work);
	snprintf(gap, sizeof(gap), "%s/gap.bin", work);

	fd = CHECK_OK(open(big, O_WRONLY | O_CREAT | O_TRUNC | O_SYNC, 0644));
	while (off < BIG) {
		size_t n = 1 + (off * 7 + 12345) % sizeof(chunk);

		if (n > BIG - off)
			n = BIG - off;
		for (size_t i = 0; i < n; i++)
			chunk[i] = pattern(off + i);
		CHECK_EQ(write(fd, chunk, n), (ssize_t)n);
		off += n;
	}
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, BIG);
	CHECK_OK(close(fd));
	check_big(big);
	CHECK_OK(statfs(work, &sf1));
	/* Other tests may run beside this one: allow some slack. */
	CHECK(sf0.f_bfree - sf1.f_bfree >= (BIG + (unsigned long)sf0.f_bsize - 1) / (unsigned long)sf0.f_bsize);

	/* A gap past the end reads as zeros; so does a truncated-away tail. */
	fd = CHECK_OK(open(gap, O_RDWR | O_CREAT, 0644));
	memset(b, 0xaa, sizeof(b));
	CHECK_EQ(write(fd, b, 100), 100);
	CHECK_EQ(pwrite(fd, b, 10, 20000), 10);
	CHECK_EQ(pread(fd, b, sizeof(b), 4000), (ssize_t)sizeof(b));
	for (size_t i = 0; i < sizeof(b); i++)
		CHECK_EQ(b[i], 0);
	CHECK_OK(ftruncate(fd, 50));
	CHECK_OK(ftruncate(fd, 9000));
	CHECK_EQ(pread(fd, b, sizeof(b), 0), (ssize_t)sizeof(b));
	for (size_t i = 0; i < 50; i++)
		CHECK_EQ(b[i], 0xaa);
	for (size_t i = 50; i < sizeof(b); i++)
		CHECK_EQ(b[i], 0);
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 9000);
	CHECK_OK(close(fd));

	/* Unlinked while open: still there for the holder. */
	fd2 = CHECK_OK(open(gap, O_RDONLY));
	CHECK_OK(unlink(gap));
	CHECK_ERR(access(gap, F_OK), ENOENT);
	CHECK_EQ(pread(fd2, b, 50, 0), 50);
	CHECK_EQ(b[49], 0xaa);
	fd = CHECK_OK(open(gap, O_RDWR | O_CREAT | O_EXCL, 0644));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 0);
	CHECK_OK(close(fd));
	CHECK_OK(close(fd2));
	CHECK_OK(unlink(gap));

	/* What was written is on the disk: read it again with the caches dropped. */
	fd = CHECK_OK(open("/proc/sys/vm/drop_caches", O_WRONLY));
	CHECK_EQ(write(fd, "3\n", 2), 2);
	CHECK_OK(close(fd));
	check_big(big);
	CHECK_OK(unlink(big));
	CHECK_OK(statfs(work, &sf1));
	CHECK(sf1.f_bfree + 16 >= sf0.f_bfree);
	utest_pass();
}
