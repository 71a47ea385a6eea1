/* The scratch disk /dev/vdb is a block special file (254:16, 0660) whose
 * size the block ioctls, lseek(SEEK_END) and /proc/partitions agree on.
 * Needs a second virtio disk (see user/tests/README.md). */
#include "utest.h"
#include <sys/ioctl.h>
#include <sys/sysmacros.h>
#include <linux/fs.h>

int main(int argc, char **argv)
{
	unsigned long long size64 = 0, blocks = 0;
	char text[4096], *line;
	unsigned long sects = 0;
	int ssz = 0, bsz = 0, ro = -1;
	unsigned int pbsz = 0;
	struct stat st;
	int fd;

	utest_begin(argc, argv);
	CHECK_OK(stat("/dev/vdb", &st));
	CHECK(S_ISBLK(st.st_mode));
	CHECK_EQ(st.st_mode & 07777, 0660);
	CHECK_EQ(major(st.st_rdev), 254);
	CHECK_EQ(minor(st.st_rdev), 16);
	fd = CHECK_OK(open("/dev/vdb", O_RDONLY));
	CHECK_OK(ioctl(fd, BLKGETSIZE64, &size64));
	CHECK_OK(ioctl(fd, BLKGETSIZE, &sects));
	CHECK_OK(ioctl(fd, BLKSSZGET, &ssz));
	CHECK_OK(ioctl(fd, BLKBSZGET, &bsz));
	CHECK_OK(ioctl(fd, BLKPBSZGET, &pbsz));
	CHECK_OK(ioctl(fd, BLKROGET, &ro));
	CHECK(size64 >= 1024 * 1024);
	CHECK_EQ(sects, size64 / 512);
	CHECK_EQ(ssz, 512);
	CHECK_EQ(pbsz, 512);
	CHECK_EQ(bsz, 4096);
	CHECK_EQ(ro, 0);
	CHECK_EQ(lseek(fd, 0, SEEK_END), (off_t)size64);
	CHECK_EQ(lseek(fd, -512, SEEK_END), (off_t)size64 - 512);
	CHECK_ERR(ioctl(fd, BLKGETSIZE64, UTEST_BAD_PTR), EFAULT);
	CHECK_ERR(ioctl(fd, 0x1234, 0), ENOTTY);
	close(fd);

	/* /proc/partitions: the header, then "major minor #blocks name". */
	CHECK(utest_read_file("/proc/partitions", text, sizeof(text)) > 0);
	CHECK(!strncmp(text, "major minor  #blocks  name\n\n", 28));
	line = strstr(text, " vdb\n");
	CHECK(line);
	while (line > text && line[-1] != '\n')
		line--;
	CHECK_EQ(sscanf(line, " 254 16 %llu vdb", &blocks), 1);
	CHECK_EQ(blocks, size64 / 1024);
	utest_pass();
}
