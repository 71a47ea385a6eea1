/* sysfs describes the block devices as Linux's does: every entry of
 * /sys/class/block links to a directory with dev ("maj:min"), size,
 * uevent (MAJOR, MINOR, DEVNAME, DEVTYPE disk|partition), partition and
 * start for partitions, queue/logical_block_size for disks; /sys/block
 * and /sys/dev/block lead to the same places; /sys/dev/char/1:3 is null;
 * /sys/block/loop0 is 7:0.
 * With the scratch disk, /sys/block/vdb matches its ioctls. */
#include "utest.h"
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <linux/fs.h>

static char *read_attr(const char *dir, const char *name, char *buf, size_t size)
{
	char path[UTEST_PATH_MAX];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		CHECK_MSG(errno == ENOENT, "open %s", path);
		return NULL;
	}
	n = read(fd, buf, size - 1);
	CHECK_MSG(n > 0, "read %s", path);
	buf[n] = 0;
	close(fd);
	return buf;
}

static void same_place(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];

	CHECK_MSG(realpath(a, ra) != NULL, "realpath %s", a);
	CHECK_MSG(realpath(b, rb) != NULL, "realpath %s", b);
	CHECK_MSG(!strcmp(ra, rb), "%s -> %s but %s -> %s", a, ra, b, rb);
}

int main(int argc, char **argv)
{
	char dir[UTEST_PATH_MAX], other[UTEST_PATH_MAX], text[512], want[512], link[256];
	unsigned int maj, min;
	unsigned long long sects, size64;
	int disks = 0, parts = 0, fd;
	struct dirent *de;
	struct stat st;
	DIR *d;

	utest_begin(argc, argv);
	if (stat("/sys/class", &st) < 0)
		CHECK_OK(mount("sysfs", "/sys", "sysfs", 0, NULL));	/* the Mica runner's /sys */
	d = opendir("/sys/class/block");
	CHECK(d);
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(dir, sizeof(dir), "/sys/class/block/%s", de->d_name);
		CHECK_OK(lstat(dir, &st));
		CHECK(S_ISLNK(st.st_mode));
		CHECK(readlink(dir, link, sizeof(link)) > 0);
		CHECK(read_attr(dir, "dev", text, sizeof(text)));
		CHECK_EQ(sscanf(text, "%u:%u", &maj, &min), 2);
		snprintf(want, sizeof(want), "%u:%u\n", maj, min);
		CHECK_STR_EQ(text, want);
		snprintf(other, sizeof(other), "/sys/dev/block/%u:%u", maj, min);
		same_place(dir, other);
		CHECK(read_attr(dir, "size", text, sizeof(text)));
		CHECK_EQ(sscanf(text, "%llu", &sects), 1);
		CHECK(read_attr(dir, "uevent", text, sizeof(text)));
		snprintf(want, sizeof(want), "MAJOR=%u\nMINOR=%u\nDEVNAME=%s\n", maj, min, de->d_name);
		CHECK_MSG(strstr(text, want), "%s/uevent: %s", dir, text);
		if (read_attr(dir, "partition", other, sizeof(other))) {
			parts++;
			CHECK(strstr(text, "DEVTYPE=partition\n"));
			CHECK(read_attr(dir, "start", other, sizeof(other)));
		} else {
			disks++;
			CHECK(strstr(text, "DEVTYPE=disk\n"));
			CHECK(read_attr(dir, "queue/logical_block_size", text, sizeof(text)));
			CHECK(atoi(text) >= 512 && !(atoi(text) & (atoi(text) - 1)));
			snprintf(other, sizeof(other), "/sys/block/%s", de->d_name);
			same_place(dir, other);
		}
	}
	closedir(d);
	CHECK(disks > 0);
	(void)parts;
	CHECK(read_attr("/sys/dev/char/1:3", "uevent", text, sizeof(text)));
	CHECK(strstr(text, "MAJOR=1\nMINOR=3\nDEVNAME=null\n"));
	CHECK_ERR(open("/sys/block/no-such-disk/dev", O_RDONLY), ENOENT);
	/* A loop device is a disk even without a file (size 0 then). */
	if (stat("/dev/loop0", &st) == 0) {
		CHECK(read_attr("/sys/block/loop0", "dev", text, sizeof(text)));
		CHECK_STR_EQ(text, "7:0\n");
	}

	/* The scratch disk, where there is one. */
	fd = open("/dev/vdb", O_RDONLY);
	if (fd >= 0) {
		CHECK_OK(ioctl(fd, BLKGETSIZE64, &size64));
		close(fd);
		CHECK(read_attr("/sys/block/vdb", "dev", text, sizeof(text)));
		CHECK_STR_EQ(text, "254:16\n");
		CHECK(read_attr("/sys/block/vdb", "size", text, sizeof(text)));
		CHECK_EQ(strtoull(text, NULL, 10), size64 / 512);
		CHECK(read_attr("/sys/block/vdb", "ro", text, sizeof(text)));
		CHECK_STR_EQ(text, "0\n");
		CHECK(read_attr("/sys/block/vdb", "removable", text, sizeof(text)));
		CHECK_STR_EQ(text, "0\n");
		CHECK(read_attr("/sys/block/vdb/queue", "hw_sector_size", text, sizeof(text)));
		CHECK_STR_EQ(text, "512\n");
		CHECK(read_attr("/sys/block/vdb/queue", "rotational", text, sizeof(text)));
		CHECK(!strcmp(text, "0\n") || !strcmp(text, "1\n"));
	}
	utest_pass();
}
