/* /dev/loop-control adds and removes loop devices (EEXIST, ENODEV, EBUSY
 * while bound or open); LOOP_CONFIGURE binds with an offset in one call;
 * LO_FLAGS_AUTOCLEAR unbinds a device when its last user closes it, and
 * LOOP_CLR_FD while another descriptor is open waits for that one. Outside
 * the initial user namespace (the Linux oracle's sandbox) only the
 * control device's answer is checked. */
#include "utest.h"
#include <sys/ioctl.h>
#include <linux/loop.h>

#define IDX 77

/* Wait (Linux may release asynchronously) until loop<n> is unbound. */
static int unbound(int n)
{
	struct loop_info64 info;
	char path[64];

	snprintf(path, sizeof(path), "/dev/loop%d", n);
	for (int i = 0; i < 200; i++) {
		int fd = CHECK_OK(open(path, O_RDONLY));
		int r = ioctl(fd, LOOP_GET_STATUS64, &info);
		int e = errno;

		close(fd);
		if (r < 0) {
			CHECK_EQ(e, ENXIO);
			return 1;
		}
		usleep(10000);
	}
	return 0;
}

int main(int argc, char **argv)
{
	static char data[64 * 1024];
	struct loop_config cfg;
	struct loop_info64 info;
	char path[64];
	int ctl, ffd, lfd, lfd2;
	struct stat st;

	utest_begin(argc, argv);
	if (!utest_system_root()) {
		/* In a sandbox the host decides: EPERM, or (where the sandbox
		 * may) the device, which is removed again at once. */
		ctl = open("/dev/loop-control", O_RDWR);
		if (ctl >= 0) {
			int r = ioctl(ctl, LOOP_CTL_ADD, IDX);

			CHECK_MSG(r == IDX || errno == EPERM || errno == EEXIST, "LOOP_CTL_ADD: %d", r);
			if (r == IDX)
				ioctl(ctl, LOOP_CTL_REMOVE, IDX);
		} else {
			CHECK(errno == EACCES || errno == EPERM || errno == ENOENT);
		}
		utest_pass();
	}
	memset(data, 0x42, sizeof(data));
	ffd = CHECK_OK(open(utest_path("img"), O_RDWR | O_CREAT, 0600));
	CHECK_EQ(write(ffd, data, sizeof(data)), (ssize_t)sizeof(data));
	ctl = CHECK_OK(open("/dev/loop-control", O_RDWR));
	snprintf(path, sizeof(path), "/dev/loop%d", IDX);

	/* Add, again (EEXIST), remove, again (ENODEV). */
	CHECK_EQ(ioctl(ctl, LOOP_CTL_ADD, IDX), IDX);
	CHECK_ERR(ioctl(ctl, LOOP_CTL_ADD, IDX), EEXIST);
	for (int i = 0; i < 100 && stat(path, &st) < 0; i++)
		usleep(10000);	/* udev or devtmpfs makes the node */
	CHECK_OK(stat(path, &st));
	CHECK(S_ISBLK(st.st_mode));

	/* LOOP_CONFIGURE with an offset; busy while bound or open. */
	lfd = CHECK_OK(open(path, O_RDWR));
	CHECK_ERR(ioctl(ctl, LOOP_CTL_REMOVE, IDX), EBUSY);
	memset(&cfg, 0, sizeof(cfg));
	cfg.fd = (unsigned int)ffd;
	cfg.info.lo_offset = 4096;
	CHECK_OK(ioctl(lfd, LOOP_CONFIGURE, &cfg));
	CHECK_OK(ioctl(lfd, LOOP_GET_STATUS64, &info));
	CHECK_EQ(info.lo_offset, 4096);
	CHECK_EQ(info.lo_flags & LO_FLAGS_AUTOCLEAR, 0);
	CHECK_ERR(ioctl(ctl, LOOP_CTL_REMOVE, IDX), EBUSY);

	/* LOOP_CLR_FD with a second descriptor open: done at its close. */
	lfd2 = CHECK_OK(open(path, O_RDONLY));
	CHECK_OK(ioctl(lfd, LOOP_CLR_FD, 0));
	close(lfd);
	CHECK_OK(ioctl(lfd2, LOOP_GET_STATUS64, &info));
	CHECK_EQ(info.lo_flags & LO_FLAGS_AUTOCLEAR, LO_FLAGS_AUTOCLEAR);
	close(lfd2);
	CHECK(unbound(IDX));

	/* AUTOCLEAR set by LOOP_SET_STATUS64: the last close unbinds. */
	lfd = CHECK_OK(open(path, O_RDWR));
	CHECK_OK(ioctl(lfd, LOOP_SET_FD, ffd));
	CHECK_OK(ioctl(lfd, LOOP_GET_STATUS64, &info));
	info.lo_flags = LO_FLAGS_AUTOCLEAR;
	CHECK_OK(ioctl(lfd, LOOP_SET_STATUS64, &info));
	CHECK_OK(ioctl(lfd, LOOP_GET_STATUS64, &info));
	CHECK_EQ(info.lo_flags & LO_FLAGS_AUTOCLEAR, LO_FLAGS_AUTOCLEAR);
	close(lfd);
	CHECK(unbound(IDX));

	for (int i = 0; i < 100 && ioctl(ctl, LOOP_CTL_REMOVE, IDX) < 0 && errno == EBUSY; i++)
		usleep(10000);	/* the checker's opens are going away */
	CHECK_ERR(ioctl(ctl, LOOP_CTL_REMOVE, IDX), ENODEV);
	close(ctl);
	close(ffd);
	utest_pass();
}
