/* ext4 reads: mount the disk made by tools/mkext4-test-image.sh (a
 * virtio disk with a file MICAEXT4 at its root) and read what
 * mkfs.ext4 -d put there: file contents, a 3 MiB file byte by byte, an
 * htree directory of 500 names (lookups and getdents), fast and slow
 * symlinks, getcwd inside it (statfs and xattrs: their system calls are not there yet).
 * Needs the disk: the Linux oracle has none (no block devices under
 * qemu-user). */
#include "utest.h"
#include "ext4_disk.h"
#include <dirent.h>
#include <sys/mount.h>

int main(int argc, char **argv)
{
	const char *dev;
	char *m, buf[512], path[600];
	struct stat st;
	unsigned char *data;
	int fd, n;
	DIR *d;
	struct dirent *de;

	utest_begin(argc, argv);
	m = utest_path("m");
	CHECK_OK(mkdir(m, 0755));
	dev = ext4_disk_mount(m, 0);	/* MS_RDONLY: sys_mount refuses it for now */
	CHECK_MSG(dev != NULL, "no ext4 disk made by tools/mkext4-test-image.sh");

	snprintf(path, sizeof(path), "%s/hello.txt", m);
	fd = CHECK_OK(open(path, O_RDONLY));
	n = CHECK_OK(read(fd, buf, sizeof(buf)));
	CHECK_EQ(n, 11);
	CHECK(!memcmp(buf, "hello ext4\n", 11));
	close(fd);

	/* 3 MiB, byte i = (i * 7 + i / 4096) & 0xff */
	snprintf(path, sizeof(path), "%s/pattern.bin", m);
	data = malloc(3 << 20);
	CHECK(data != NULL);
	fd = CHECK_OK(open(path, O_RDONLY));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 3 << 20);
	for (long got = 0; got < (3 << 20); got += n)
		CHECK((n = read(fd, data + got, (3 << 20) - got)) > 0);
	for (long i = 0; i < (3 << 20); i++)
		if (data[i] != (unsigned char)((i * 7 + i / 4096) & 0xff))
			CHECK_MSG(0, "pattern.bin byte %ld is %d", i, data[i]);
	close(fd);
	free(data);

	/* The htree directory: every name found, every one listed. */
	for (int i = 0; i < 500; i++) {
		snprintf(path, sizeof(path), "%s/bigdir/f%03d", m, i);
		fd = CHECK_OK(open(path, O_RDONLY));
		n = CHECK_OK(read(fd, buf, sizeof(buf) - 1));
		buf[n] = 0;
		CHECK_EQ(atoi(buf), i);
		close(fd);
	}
	snprintf(path, sizeof(path), "%s/bigdir/f500", m);
	CHECK_ERR(stat(path, &st), ENOENT);
	snprintf(path, sizeof(path), "%s/bigdir", m);
	d = opendir(path);
	CHECK(d != NULL);
	n = 0;
	while ((de = readdir(d)))
		n++;
	closedir(d);
	CHECK_EQ(n, 502);

	snprintf(path, sizeof(path), "%s/sub/deep/leaf.txt", m);
	CHECK_OK(stat(path, &st));
	CHECK_EQ(st.st_size, 5);
	/* getcwd names a directory of the disk (its parent and name). */
	snprintf(path, sizeof(path), "%s/sub/deep", m);
	CHECK_OK(chdir(path));
	CHECK(getcwd(buf, sizeof(buf)) != NULL);
	CHECK_STR_EQ(buf, path);
	CHECK_OK(chdir("/"));
	snprintf(path, sizeof(path), "%s/sub/deep/../../short", m);
	n = CHECK_OK(readlink(path, buf, sizeof(buf)));
	CHECK_EQ(n, 9);
	CHECK(!memcmp(buf, "hello.txt", 9));
	fd = CHECK_OK(open(path, O_RDONLY));	/* followed */
	close(fd);
	snprintf(path, sizeof(path), "%s/long", m);
	n = CHECK_OK(readlink(path, buf, sizeof(buf)));
	CHECK_EQ(n, 199);
	CHECK(buf[0] == 'd' && buf[50] == '/' && buf[198] == 'g');


	CHECK_OK(umount(m));
	utest_pass();
}
