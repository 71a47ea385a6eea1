/*
 * ext4 with a journal: blocks a file frees are not given to another file
 * until the transaction that freed them has committed. Else a power cut
 * before the commit replays a file system in which the deleted file still
 * owns blocks that now hold the new file's data (written before the
 * commit in ordered mode). Checked with FIBMAP (root outside a user
 * namespace; else its EPERM): a file written right after a big unlink
 * gets none of its blocks. Runs on ext4 only (fs-cases.txt).
 */
#include "utest.h"
#include <stdbool.h>
#include <sys/ioctl.h>
#include <sys/statfs.h>
#include <time.h>

#define FIBMAP_CMD 1
#define NBLK 128
#define EXT4_MAGIC 0xef53

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Write NBLK blocks of byte c to path; their device blocks go to out. */
static void write_file(const char *path, char c, long bs, int *out, bool sync)
{
	static char buf[65536];
	int fd = CHECK_OK(open(path, O_RDWR | O_CREAT | O_TRUNC, 0644));

	memset(buf, c, sizeof(buf));
	for (long done = 0; done < NBLK * bs; done += (long)sizeof(buf))
		CHECK_EQ(write(fd, buf, sizeof(buf)), (ssize_t)sizeof(buf));
	if (sync)
		CHECK_OK(fsync(fd));
	for (int i = 0; i < NBLK; i++) {
		out[i] = i;
		CHECK_OK(ioctl(fd, FIBMAP_CMD, &out[i]));
		CHECK_MSG(out[i] > 0, "block %d of %s has no device block", i, path);
	}
	CHECK_OK(close(fd));
}

int main(int argc, char **argv)
{
	static int a[NBLK], b[NBLK];
	struct statfs sfs;
	int tries;

	utest_begin(argc, argv);
	CHECK_OK(statfs(utest_tmpdir(), &sfs));
	CHECK_MSG(sfs.f_type == EXT4_MAGIC, "/tmp is not ext4 (f_type %#lx)",
		  (unsigned long)sfs.f_type);
	CHECK_EQ(NBLK * sfs.f_bsize % 65536, 0);
	if (!utest_system_root()) {
		/* FIBMAP needs CAP_SYS_RAWIO, which a user namespace lacks. */
		int fd = CHECK_OK(open(utest_path("a"), O_RDWR | O_CREAT, 0644)), blk = 0;

		CHECK_ERR(ioctl(fd, FIBMAP_CMD, &blk), EPERM);
		CHECK_OK(close(fd));
		CHECK_OK(unlink(utest_path("a")));
		utest_pass();
	}
	/* The commit interval is 5 s: a try slower than 4 s proves nothing. */
	for (tries = 0; tries < 5; tries++) {
		double t0;
		bool shared = false;

		write_file(utest_path("a"), 'a', sfs.f_bsize, a, true);
		t0 = now();
		CHECK_OK(unlink(utest_path("a")));
		write_file(utest_path("b"), 'b', sfs.f_bsize, b, false);
		for (int i = 0; i < NBLK; i++)
			for (int j = 0; j < NBLK; j++)
				if (b[i] == a[j]) {
					shared = true;
					if (now() - t0 < 4)
						CHECK_MSG(0, "block %d of b is %d, freed by a just before",
							  i, b[i]);
				}
		CHECK_OK(unlink(utest_path("b")));
		if (now() - t0 < 4 || !shared)
			break;
	}
	CHECK_MSG(tries < 5, "every try took longer than the commit interval");
	/* After the commit the blocks are free for anyone: a sync makes it. */
	sync();
	write_file(utest_path("c"), 'c', sfs.f_bsize, b, true);
	CHECK_OK(unlink(utest_path("c")));
	utest_pass();
}
