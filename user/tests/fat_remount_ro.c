/* The FAT volume on /tmp remounted read-only: files read, every change is
 * EROFS; remounted read-write, changes work again and what was there is
 * intact. */
#include "fat_disk.h"
#include <sys/mount.h>

/* However the test ends, /tmp is writable again for the tests after it. */
static void back_to_rw(void)
{
	(void)mount(NULL, "/tmp", NULL, MS_REMOUNT, NULL);
}

int main(int argc, char **argv)
{
	char *f, buf[8] = { 0 };
	int fd;

	utest_begin(argc, argv);
	fat_require();
	f = utest_path("kept file.txt");
	utest_write_file(f, "kept", 0644);
	atexit(back_to_rw);
	CHECK_OK(mount(NULL, "/tmp", NULL, MS_REMOUNT | MS_RDONLY, NULL));
	fd = CHECK_OK(open(f, O_RDONLY));
	CHECK_EQ(read(fd, buf, 4), 4);
	CHECK_STR_EQ(buf, "kept");
	CHECK_OK(close(fd));
	CHECK_ERR(open(f, O_WRONLY), EROFS);
	CHECK_ERR(open(utest_path("new file"), O_WRONLY | O_CREAT, 0644), EROFS);
	CHECK_ERR(unlink(f), EROFS);
	CHECK_ERR(mkdir(utest_path("dir"), 0755), EROFS);
	CHECK_OK(mount(NULL, "/tmp", NULL, MS_REMOUNT, NULL));
	fd = CHECK_OK(open(f, O_WRONLY | O_APPEND));
	CHECK_EQ(write(fd, "!", 1), 1);
	CHECK_OK(close(fd));
	CHECK_EQ(utest_read_file(f, buf, sizeof(buf)), 5);
	CHECK_STR_EQ(buf, "kept!");
	utest_pass();
}
