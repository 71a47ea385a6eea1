/* A loop device set up with ioctls on a file: /dev/loop-control finds a
 * free one, LOOP_SET_FD binds it, LOOP_GET/SET_STATUS64 report and move
 * the window (offset, sizelimit), reads and writes through it reach the
 * file, a read-only backing file makes it read-only, LOOP_CLR_FD frees
 * it. Outside the initial user namespace (the Linux oracle's sandbox)
 * only the control device's answer is checked. */
#include "utest.h"
#include <sys/ioctl.h>
#include <sys/sysmacros.h>
#include <linux/fs.h>
#include <linux/loop.h>
#include <sys/mount.h>

#define FILE_SIZE (1024 * 1024 + 100)

/* /sys/block/loop<n>/<attr>, whole. */
static void sys_attr(int n, const char *attr, char *buf, size_t size)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/block/loop%d/%s", n, attr);
	CHECK(utest_read_file(path, buf, size) > 0);
}

static int open_loop(int n, int flags)
{
	char path[64];

	snprintf(path, sizeof(path), "/dev/loop%d", n);
	return open(path, flags);
}

int main(int argc, char **argv)
{
	static unsigned char data[FILE_SIZE], buf[8192];
	static char want[PATH_MAX + 2];
	struct loop_info64 info;
	unsigned long long size = 0;
	int ctl, n, lfd, ffd, ro = 0;
	struct stat st;

	utest_begin(argc, argv);
	if (!utest_system_root()) {
		/* In a sandbox the host decides: EPERM, or (where the sandbox
		 * may) a free device number; nothing is bound here either way. */
		ctl = open("/dev/loop-control", O_RDWR);
		if (ctl >= 0) {
			n = ioctl(ctl, LOOP_CTL_GET_FREE);
			CHECK_MSG(n >= 0 || errno == EPERM, "LOOP_CTL_GET_FREE: %d", n);
		} else {
			CHECK(errno == EACCES || errno == EPERM || errno == ENOENT);
		}
		utest_pass();
	}
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 13 + i / 4096);
	ffd = CHECK_OK(open(utest_path("img"), O_RDWR | O_CREAT, 0600));
	CHECK_EQ(write(ffd, data, sizeof(data)), (ssize_t)sizeof(data));
	CHECK_OK(fstat(ffd, &st));

	ctl = CHECK_OK(open("/dev/loop-control", O_RDWR));
	n = CHECK_OK(ioctl(ctl, LOOP_CTL_GET_FREE));
	lfd = CHECK_OK(open_loop(n, O_RDWR));
	CHECK_ERR(ioctl(lfd, LOOP_GET_STATUS64, &info), ENXIO);
	CHECK_ERR(ioctl(lfd, LOOP_CLR_FD, 0), ENXIO);
	CHECK_ERR(ioctl(lfd, LOOP_SET_FD, -1), EBADF);
	CHECK_OK(ioctl(lfd, LOOP_SET_FD, ffd));
	CHECK_ERR(ioctl(lfd, LOOP_SET_FD, ffd), EBUSY);
	/* The next free one is another device now. */
	CHECK_NE(ioctl(ctl, LOOP_CTL_GET_FREE), n);

	memset(&info, 0xff, sizeof(info));
	CHECK_OK(ioctl(lfd, LOOP_GET_STATUS64, &info));
	CHECK_EQ(info.lo_number, (unsigned int)n);
	CHECK_EQ(info.lo_inode, (unsigned long long)st.st_ino);
	CHECK_EQ(info.lo_offset, 0);
	CHECK_EQ(info.lo_sizelimit, 0);
	CHECK_EQ(info.lo_flags & LO_FLAGS_READ_ONLY, 0);
	CHECK_OK(ioctl(lfd, BLKGETSIZE64, &size));
	CHECK_EQ(size, (unsigned long long)(FILE_SIZE & ~511));
	CHECK_OK(ioctl(lfd, BLKROGET, &ro));
	CHECK_EQ(ro, 0);

	/* Reads see the file; writes reach it. */
	CHECK_EQ(pread(lfd, buf, 3000, 70000), 3000);
	CHECK(!memcmp(buf, data + 70000, 3000));
	memcpy(buf, "through the loop", 16);
	CHECK_EQ(pwrite(lfd, buf, 16, 12345), 16);
	CHECK_OK(ioctl(lfd, BLKFLSBUF, 0));	/* Linux: write back its cache */
	CHECK_EQ(pread(ffd, buf + 100, 16, 12345), 16);
	CHECK(!memcmp(buf + 100, "through the loop", 16));
	memcpy(data + 12345, "through the loop", 16);

	/* A window: 4096 bytes on, 64 KiB long. */
	memset(&info, 0, sizeof(info));
	info.lo_offset = 4096;
	info.lo_sizelimit = 65536;
	strcpy((char *)info.lo_file_name, "img");
	CHECK_OK(ioctl(lfd, LOOP_SET_STATUS64, &info));
	memset(&info, 0, sizeof(info));
	CHECK_OK(ioctl(lfd, LOOP_GET_STATUS64, &info));
	CHECK_EQ(info.lo_offset, 4096);
	CHECK_EQ(info.lo_sizelimit, 65536);
	CHECK_STR_EQ((char *)info.lo_file_name, "img");
	CHECK_OK(ioctl(lfd, BLKGETSIZE64, &size));
	CHECK_EQ(size, 65536);
	CHECK_EQ(pread(lfd, buf, 8192, 8192), 8192);
	CHECK(!memcmp(buf, data + 4096 + 8192, 8192));
	CHECK_EQ(pread(lfd, buf, 100, 65536), 0);

	/* sysfs shows the binding (mounted here if the runner has no /sys). */
	if (stat("/sys/class", &st) < 0)
		CHECK_OK(mount("sysfs", "/sys", "sysfs", 0, NULL));
	sys_attr(n, "loop/offset", (char *)buf, sizeof(buf));
	CHECK_STR_EQ((char *)buf, "4096\n");
	sys_attr(n, "loop/sizelimit", (char *)buf, sizeof(buf));
	CHECK_STR_EQ((char *)buf, "65536\n");
	sys_attr(n, "size", (char *)buf, sizeof(buf));
	CHECK_STR_EQ((char *)buf, "128\n");
	sys_attr(n, "loop/backing_file", (char *)buf, sizeof(buf));
	CHECK(realpath(utest_path("img"), want) != NULL);
	strcat(want, "\n");
	CHECK_STR_EQ((char *)buf, want);

	CHECK_OK(ioctl(lfd, LOOP_CLR_FD, 0));
	close(lfd);
	/* Linux may finish the release asynchronously: wait for it. */
	for (int i = 0; i < 100; i++) {
		lfd = CHECK_OK(open_loop(n, O_RDONLY));
		if (ioctl(lfd, LOOP_GET_STATUS64, &info) < 0)
			break;
		close(lfd);
		lfd = -1;
		usleep(10000);
	}
	CHECK(lfd >= 0);
	CHECK_ERR(ioctl(lfd, LOOP_GET_STATUS64, &info), ENXIO);
	CHECK_OK(ioctl(lfd, BLKGETSIZE64, &size));
	CHECK_EQ(size, 0);
	close(lfd);

	/* A read-only backing file: a read-only device. */
	close(ffd);
	ffd = CHECK_OK(open(utest_path("img"), O_RDONLY));
	lfd = CHECK_OK(open_loop(n, O_RDWR));
	CHECK_OK(ioctl(lfd, LOOP_SET_FD, ffd));
	CHECK_OK(ioctl(lfd, LOOP_GET_STATUS64, &info));
	CHECK_EQ(info.lo_flags & LO_FLAGS_READ_ONLY, LO_FLAGS_READ_ONLY);
	CHECK_OK(ioctl(lfd, BLKROGET, &ro));
	CHECK_EQ(ro, 1);
	CHECK_ERR(pwrite(lfd, buf, 512, 0), EPERM);
	CHECK_EQ(pread(lfd, buf, 512, 512), 512);
	CHECK(!memcmp(buf, data + 512, 512));
	CHECK_OK(ioctl(lfd, LOOP_CLR_FD, 0));
	close(lfd);
	close(ffd);
	close(ctl);
	utest_pass();
}
