/*
 * The guest half of tools/powercut-test.sh: a write storm to kill QEMU in
 * the middle of, and the mount after it. Runs as init (pid 1):
 *
 *   powercut_storm storm ROUND   mount /dev/vda (ext4) on /mnt and write
 *       files for ever: r<ROUND>_f<N> written, fsync'ed, its directory
 *       fsync'ed, then "PCUT FSYNCED <name> <size>" printed; in between,
 *       files that are never fsync'ed, renamed, appended to and removed,
 *       files unlinked while open (several stay open, on ext4's orphan
 *       list, some of it committed), xattrs in the inode and in a block,
 *       so that the journal holds every kind of change when the power goes.
 *   powercut_storm check         mount (the journal is replayed), walk the
 *       file system, unmount, print "PCUT CLEAN <files>" and power off.
 *   powercut_storm storm-dir DIR ROUND   the storm in DIR, without mount
 *       (to try it on Linux: qemu-riscv64-static ... storm-dir /tmp/x 1).
 *
 * File N of round R holds size bytes, byte k being
 * (R * 131 + N * 31 + k * 7) & 0xff; the host script recomputes them.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#define DISK_MAJOR 254	/* virtio-blk, as Mica numbers it */

static unsigned char buf[65536 + 4096];

static void die(const char *what)
{
	printf("PCUT ERROR %s: %s\n", what, strerror(errno));
	fflush(stdout);
	for (;;)
		pause();	/* pid 1 must not exit; the host stops QEMU */
}

/* /dev/vda: from devtmpfs if the root has none, else made with mknod. */
static void mount_disk(void)
{
	const char *dev = "/dev/vda";
	struct stat st;

	mkdir("/dev", 0755);
	mkdir("/mnt", 0755);
	if (stat(dev, &st))
		mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	if (stat(dev, &st)) {
		dev = "/pcut-vda";
		if (mknod(dev, S_IFBLK | 0600, makedev(DISK_MAJOR, 0)) && errno != EEXIST)
			die("no /dev/vda (devtmpfs) and mknod");
	}
	if (mount(dev, "/mnt", "ext4", 0, NULL))
		die("mount ext4");
}

static void fill(unsigned int round, unsigned int n, size_t size)
{
	for (size_t k = 0; k < size; k++)
		buf[k] = (unsigned char)(round * 131 + n * 31 + k * 7);
}

static void write_file(int dirfd, const char *name, size_t size, bool sync)
{
	int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	size_t done = 0;

	if (fd < 0)
		die("open");
	while (done < size) {
		ssize_t n = write(fd, buf + done, size - done);

		if (n <= 0)
			die("write");
		done += n;
	}
	if (sync && fsync(fd))
		die("fsync");
	close(fd);
}

#define OPEN_UNLINKED 6

/* A file unlinked while open: written, unlinked, written again, sometimes
 * fsync'ed (the orphan list on disk then); it stays open until the ring
 * wraps, so several are open at the cut. */
static void unlinked_open(int dirfd, unsigned int round, unsigned int n, unsigned long seed)
{
	static int ring[OPEN_UNLINKED] = { -1, -1, -1, -1, -1, -1 };
	int *slot = &ring[n % OPEN_UNLINKED];
	char name[64];
	size_t size = 1 + (seed >> 13) % 30000;

	if (*slot >= 0) {
		if (write(*slot, buf, 4096) < 0)
			die("write unlinked");
		close(*slot);
	}
	snprintf(name, sizeof(name), "r%u_o%u", round, n);
	*slot = openat(dirfd, name, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (*slot < 0)
		die("open unlinked");
	if (write(*slot, buf, size) < 0 || unlinkat(dirfd, name, 0) || write(*slot, buf, size) < 0)
		die("unlink open");
	if (n % 4 == 0 && fsync(*slot))
		die("fsync unlinked");
}

/* xattrs on file name: a small one (in the inode) and now and then one
 * that needs the xattr block; on a file system without them, nothing. */
static void xattrs(const char *dir, const char *name, unsigned int n)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (setxattr(path, "user.small", buf, 16, 0) && errno != EOPNOTSUPP)
		die("setxattr");
	/* 700 bytes: more than an inode holds, less than a 1 KiB block. */
	if (n % 4 == 0 && setxattr(path, "user.big", buf, 700, 0) && errno != EOPNOTSUPP)
		die("setxattr big");
	if (n % 8 == 0 && removexattr(path, "user.big") && errno != EOPNOTSUPP)
		die("removexattr");
}

static void storm(const char *dir, unsigned int round)
{
	int dirfd = open(dir, O_RDONLY | O_DIRECTORY);
	char name[64], old[64];
	unsigned long seed = round * 2654435761u + 1;

	if (dirfd < 0)
		die("open dir");
	printf("PCUT STORM %u\n", round);
	fflush(stdout);
	for (unsigned int n = 1;; n++) {
		size_t size;

		seed = seed * 6364136223846793005ul + 1442695040888963407ul;
		size = 1 + (seed >> 33) % 65536;
		fill(round, n, size);
		snprintf(name, sizeof(name), "r%u_f%u", round, n);
		write_file(dirfd, name, size, true);
		if (fsync(dirfd))
			die("fsync dir");
		printf("PCUT FSYNCED %s %zu\n", name, size);
		fflush(stdout);

		/* Changes nobody waits for: new files, renames, appends, unlinks. */
		snprintf(name, sizeof(name), "r%u_u%u", round, n);
		write_file(dirfd, name, (seed >> 20) % 20000, false);
		xattrs(dir, name, n);
		unlinked_open(dirfd, round, n, seed);
		if (n % 3 == 0) {
			snprintf(old, sizeof(old), "r%u_u%u", round, n - 2);
			snprintf(name, sizeof(name), "r%u_moved%u", round, n - 2);
			renameat(dirfd, old, dirfd, name);
		}
		if (n % 5 == 0) {
			snprintf(old, sizeof(old), "r%u_u%u", round, n - 4);
			unlinkat(dirfd, old, 0);
		}
		if (n % 7 == 0) {
			int fd = openat(dirfd, "append.log", O_WRONLY | O_CREAT | O_APPEND, 0644);

			if (fd >= 0) {
				if (write(fd, buf, 4096) < 0)
					die("append");
				close(fd);
			}
		}
		if (n % 50 == 0)
			sync();
	}
}

/* Count the files below dir, reading every one to the end. */
static long walk(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	long files = 0;

	if (!d)
		die("opendir");
	while ((e = readdir(d))) {
		char path[512];
		struct stat st;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &st))
			die("lstat");
		if (S_ISDIR(st.st_mode)) {
			files += walk(path);
		} else if (S_ISREG(st.st_mode)) {
			int fd = open(path, O_RDONLY);

			if (fd < 0)
				die("open for reading");
			while (read(fd, buf, sizeof(buf)) > 0)
				;
			close(fd);
			files++;
		}
	}
	closedir(d);
	return files;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 3 && !strcmp(argv[1], "storm")) {
		mount_disk();
		storm("/mnt", (unsigned int)atoi(argv[2]));
	} else if (argc >= 4 && !strcmp(argv[1], "storm-dir")) {
		storm(argv[2], (unsigned int)atoi(argv[3]));
	} else if (argc >= 2 && !strcmp(argv[1], "check")) {
		long files;

		mount_disk();
		files = walk("/mnt");
		if (umount2("/mnt", 0))
			die("umount");
		printf("PCUT CLEAN %ld\n", files);
		fflush(stdout);
		sync();
		reboot(RB_POWER_OFF);
		die("reboot");
	}
	printf("usage: powercut_storm storm ROUND | check | storm-dir DIR ROUND\n");
	return 2;
}
