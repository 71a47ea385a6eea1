/* BLKRRPART re-reads a disk's partition table: partitions written to the
 * scratch disk /dev/vdb appear as /dev/vdb1 and /dev/vdb2 (254:17, 254:18)
 * at their offsets, re-reading is refused (EBUSY) while one is open or on
 * a partition (EINVAL), and wiping the table makes the nodes go. */
#include "utest.h"
#include <sys/ioctl.h>
#include <sys/sysmacros.h>
#include <linux/fs.h>

static void mbr_entry(unsigned char *e, unsigned int start, unsigned int count)
{
	e[4] = 0x83;	/* Linux */
	for (int i = 0; i < 4; i++) {
		e[8 + i] = (unsigned char)(start >> (8 * i));
		e[12 + i] = (unsigned char)(count >> (8 * i));
	}
}

int main(int argc, char **argv)
{
	unsigned char mbr[512] = { 0 }, buf[512];
	unsigned long long size = 0;
	struct stat st;
	int fd, p1, i;

	utest_begin(argc, argv);
	mbr_entry(mbr + 446, 2048, 4096);
	mbr_entry(mbr + 462, 6144, 2048);
	mbr[510] = 0x55;
	mbr[511] = 0xaa;
	fd = CHECK_OK(open("/dev/vdb", O_RDWR));
	CHECK_EQ(pwrite(fd, mbr, 512, 0), 512);
	CHECK_OK(fsync(fd));
	CHECK_OK(ioctl(fd, BLKRRPART, 0));

	CHECK_OK(stat("/dev/vdb1", &st));
	CHECK(S_ISBLK(st.st_mode));
	CHECK_EQ(major(st.st_rdev), 254);
	CHECK_EQ(minor(st.st_rdev), 17);
	CHECK_OK(stat("/dev/vdb2", &st));
	CHECK_EQ(minor(st.st_rdev), 18);
	CHECK_ERR(stat("/dev/vdb3", &st), ENOENT);

	/* The partition's sector 0 is the disk's sector 2048. */
	p1 = CHECK_OK(open("/dev/vdb1", O_RDWR));
	CHECK_OK(ioctl(p1, BLKGETSIZE64, &size));
	CHECK_EQ(size, 4096ULL * 512);
	memset(buf, 0x61, sizeof(buf));
	CHECK_EQ(pwrite(p1, buf, 512, 0), 512);
	CHECK_ERR(pwrite(p1, buf, 512, size), ENOSPC);
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(pread(fd, buf, 512, 2048 * 512), 512);
	for (i = 0; i < 512; i++)
		CHECK_EQ(buf[i], 0x61);
	CHECK_ERR(ioctl(p1, BLKRRPART, 0), EINVAL);
	CHECK_ERR(ioctl(fd, BLKRRPART, 0), EBUSY);
	close(p1);

	/* No table: the partitions go. */
	memset(mbr, 0, sizeof(mbr));
	CHECK_EQ(pwrite(fd, mbr, 512, 0), 512);
	CHECK_OK(ioctl(fd, BLKRRPART, 0));
	CHECK_ERR(stat("/dev/vdb1", &st), ENOENT);
	CHECK_ERR(stat("/dev/vdb2", &st), ENOENT);
	close(fd);
	utest_pass();
}
