/* Read-only mounts: on a tmpfs mounted MS_RDONLY (and after MS_REMOUNT to
 * read-only, and through a read-only bind mount) nothing may change —
 * creating, writing, truncating, unlinking, renaming, chmod, utimensat
 * are EROFS — while reading works; /proc/self/mounts says ro; remounting
 * read-write allows changes again. */
#include "utest.h"
#include <sys/mount.h>

static char text[65536];

/* The first option of the mount on mp in /proc/self/mounts: "ro" or "rw". */
static int is_ro(const char *mp)
{
	char *save;

	utest_read_file("/proc/self/mounts", text, sizeof(text));
	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char src[256], dir[512], type[64], opts[256];

		if (sscanf(l, "%255s %511s %63s %255s", src, dir, type, opts) == 4 && !strcmp(dir, mp))
			return !strncmp(opts, "ro", 2) && (opts[2] == ',' || !opts[2]);
	}
	utest_fail(__FILE__, __LINE__, 0, "no mount on %s", mp);
}

static void check_all_erofs(const char *dir)
{
	char f[600], g[600], buf[8];
	int fd;

	snprintf(f, sizeof(f), "%s/file", dir);
	snprintf(g, sizeof(g), "%s/other", dir);
	CHECK_ERR(open(g, O_WRONLY | O_CREAT, 0644), EROFS);
	CHECK_ERR(open(f, O_WRONLY), EROFS);
	CHECK_ERR(open(f, O_RDONLY | O_TRUNC), EROFS);
	CHECK_ERR(mkdir(g, 0755), EROFS);
	CHECK_ERR(unlink(f), EROFS);
	CHECK_ERR(rename(f, g), EROFS);
	CHECK_ERR(symlink("x", g), EROFS);
	CHECK_ERR(chmod(f, 0600), EROFS);
	CHECK_ERR(utimensat(AT_FDCWD, f, NULL, 0), EROFS);
	CHECK_ERR(truncate(f, 0), EROFS);
	fd = open(f, O_RDONLY);
	CHECK(fd >= 0);
	CHECK_EQ(read(fd, buf, sizeof(buf)), 5);
	CHECK_EQ(memcmp(buf, "hello", 5), 0);
	CHECK_OK(close(fd));
}

int main(int argc, char **argv)
{
	char real[PATH_MAX], bind[PATH_MAX], f[PATH_MAX + 8];
	int fd;

	utest_begin(argc, argv);
	CHECK_OK(mkdir(utest_path("m"), 0755));
	CHECK_OK(mkdir(utest_path("b"), 0755));
	CHECK(realpath(utest_path("m"), real));
	CHECK(realpath(utest_path("b"), bind));
	CHECK_OK(mount("none", real, "tmpfs", MS_RDONLY, NULL));
	CHECK(is_ro(real));
	snprintf(f, sizeof(f), "%s/file", real);
	CHECK_ERR(open(f, O_WRONLY | O_CREAT, 0644), EROFS);
	/* Read-write again: a file can be made. */
	CHECK_OK(mount("none", real, NULL, MS_REMOUNT, NULL));
	CHECK(!is_ro(real));
	fd = open(f, O_WRONLY | O_CREAT, 0644);
	CHECK(fd >= 0);
	CHECK_EQ(write(fd, "hello", 5), 5);
	CHECK_OK(close(fd));
	/* A read-only bind mount of it: changes fail there only. */
	CHECK_OK(mount(real, bind, NULL, MS_BIND, NULL));
	CHECK_OK(mount("none", bind, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL));
	CHECK(is_ro(bind));
	CHECK(!is_ro(real));
	check_all_erofs(bind);
	CHECK_OK(chmod(f, 0600));
	CHECK_OK(umount(bind));
	/* Read-only as a whole. */
	CHECK_OK(mount("none", real, NULL, MS_REMOUNT | MS_RDONLY, NULL));
	CHECK(is_ro(real));
	check_all_erofs(real);
	CHECK_OK(umount(real));
	utest_pass();
}
