/* Files unlinked (or renamed over, or rmdir'ed) while open stay usable:
 * writes, fsync and reads go on with st_nlink 0, and they go when the
 * last descriptor closes (on ext4 they sit on the orphan list until then;
 * closing them in an order other than the one they were unlinked in takes
 * one from the middle of that list). */
#include "utest.h"

#define N 4
#define CHUNK 65536

static char buf[CHUNK], got[CHUNK];

static void fill(int seed)
{
	for (int i = 0; i < CHUNK; i++)
		buf[i] = (char)(seed * 31 + i / 7);
}

/* Write chunks 0..n-1 of seed's pattern at fd's offset. */
static void write_chunks(int fd, int seed, int n)
{
	fill(seed);
	for (int i = 0; i < n; i++)
		CHECK_EQ(write(fd, buf, CHUNK), CHUNK);
}

static void check_chunks(int fd, int seed, int n)
{
	fill(seed);
	for (int i = 0; i < n; i++) {
		CHECK_EQ(pread(fd, got, CHUNK, (off_t)i * CHUNK), CHUNK);
		CHECK_MSG(!memcmp(got, buf, CHUNK), "file %d chunk %d differs", seed, i);
	}
}

int main(int argc, char **argv)
{
	char name[32];
	struct stat st;
	int fd[N], victim, dfd, i;

	utest_begin(argc, argv);
	for (i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "f%d", i);
		fd[i] = CHECK_OK(open(utest_path(name), O_RDWR | O_CREAT, 0644));
		write_chunks(fd[i], i, 4);
		CHECK_OK(unlink(utest_path(name)));
		write_chunks(fd[i], i, 4);	/* after the unlink: 8 chunks */
		CHECK_OK(fsync(fd[i]));
		CHECK_OK(fstat(fd[i], &st));
		CHECK_EQ(st.st_nlink, 0);
		CHECK_EQ(st.st_size, 8 * CHUNK);
	}
	/* Renamed over while open: the old file lives on without a name. */
	victim = CHECK_OK(open(utest_path("victim"), O_RDWR | O_CREAT, 0644));
	write_chunks(victim, 9, 2);
	utest_write_file(utest_path("new"), "new", 0644);
	CHECK_OK(rename(utest_path("new"), utest_path("victim")));
	write_chunks(victim, 9, 1);
	CHECK_OK(fdatasync(victim));
	CHECK_OK(fstat(victim, &st));
	CHECK_EQ(st.st_nlink, 0);
	CHECK_EQ(st.st_size, 3 * CHUNK);
	/* A directory removed while open. */
	CHECK_OK(mkdir(utest_path("d"), 0755));
	dfd = CHECK_OK(open(utest_path("d"), O_RDONLY | O_DIRECTORY));
	CHECK_OK(rmdir(utest_path("d")));
	CHECK_OK(fstat(dfd, &st));
	CHECK_EQ(st.st_nlink, 0);
	CHECK_ERR(openat(dfd, "x", O_RDWR | O_CREAT, 0644), ENOENT);

	/* Middle, first, last, then the rest. */
	for (i = 0; i < N; i++)
		check_chunks(fd[i], i, 1);
	CHECK_OK(close(fd[1]));
	CHECK_OK(close(dfd));
	CHECK_OK(close(fd[0]));
	check_chunks(victim, 9, 1);
	CHECK_OK(close(victim));
	for (i = 2; i < N; i++) {
		check_chunks(fd[i], i, 8);
		CHECK_OK(close(fd[i]));
	}
	CHECK_OK(stat(utest_path("victim"), &st));
	CHECK_EQ(st.st_size, 3);
	utest_pass();
}
