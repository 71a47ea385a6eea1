/* A damaged FAT volume (tools/mkfat-corrupt.sh, the vfat run's second
 * disk /dev/vdb) mounts, its intact file reads, and each damaged place
 * gives EUCLEAN, as Linux's errno for a corrupt structure: a looping
 * directory chain, a first cluster past the end, a file longer than its
 * chain, a chain running into a free cluster. Nothing hangs or crashes. */
#include "utest.h"
#include <sys/mount.h>

static char mnt[UTEST_PATH_MAX];

static char *at(const char *leaf)
{
	static char p[2 * UTEST_PATH_MAX];

	snprintf(p, sizeof(p), "%s/%s", mnt, leaf);
	return p;
}

/* Read all of leaf: the bytes read before the error, which must be EUCLEAN. */
static long read_until_error(const char *leaf)
{
	static char buf[8192];
	long total = 0;
	ssize_t r;
	int fd = CHECK_OK(open(at(leaf), O_RDONLY));

	while ((r = read(fd, buf, sizeof(buf))) > 0)
		total += r;
	CHECK_EQ(r, -1);
	CHECK_EQ(errno, EUCLEAN);
	CHECK_OK(close(fd));
	return total;
}

int main(int argc, char **argv)
{
	char buf[16] = { 0 };
	struct stat st;

	utest_begin(argc, argv);
	snprintf(mnt, sizeof(mnt), "%s", utest_path("m"));
	CHECK_OK(mkdir(mnt, 0755));
	CHECK_OK(mount("/dev/vdb", mnt, "vfat", 0, NULL));
	if (access(at("MICAFAT.BAD"), F_OK)) {
		umount(mnt);
		CHECK_MSG(0, "/dev/vdb is not the damaged FAT volume of tools/mkfat-corrupt.sh");
	}
	CHECK_EQ(utest_read_file(at("good.txt"), buf, sizeof(buf)), 5);
	CHECK_STR_EQ(buf, "good\n");
	CHECK_ERR(stat(at("LOOPDIR"), &st), EUCLEAN);
	CHECK_ERR(open(at("LOOPDIR/x"), O_WRONLY | O_CREAT, 0644), EUCLEAN);
	CHECK_ERR(open(at("BADSTART.TXT"), O_RDONLY), EUCLEAN);
	CHECK(read_until_error("SHORT.BIN") < 1000000);
	CHECK(read_until_error("FREEMID.BIN") < 2000);
	/* The volume still works around the damage. */
	utest_write_file(at("new file.txt"), "new", 0644);
	CHECK_OK(unlink(at("new file.txt")));
	CHECK_OK(umount(mnt));
	utest_pass();
}
