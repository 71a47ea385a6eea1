/* VFAT names on a FAT volume: long names (UTF-8 too) are kept exactly and
 * found without regard to case; many similar names get distinct short
 * aliases; invalid characters are EINVAL; hard links and symbolic links
 * are EPERM; rename replaces, RENAME_NOREPLACE refuses. */
#include "fat_disk.h"

static char buf[2 * UTEST_PATH_MAX];

static char *at(const char *work, const char *leaf)
{
	snprintf(buf, sizeof(buf), "%s/%s", work, leaf);
	return buf;
}

int main(int argc, char **argv)
{
	char work[UTEST_PATH_MAX], data[16];
	struct stat a, b;
	struct dirent *d;
	int fd, seen = 0, utf8_seen = 0;
	DIR *dir;

	utest_begin(argc, argv);
	snprintf(work, sizeof(work), "%s", fat_require());

	fd = CHECK_OK(open(at(work, "A long file name with spaces.txt"), O_RDWR | O_CREAT | O_EXCL, 0644));
	CHECK_EQ(write(fd, "hello", 5), 5);
	CHECK_OK(fstat(fd, &a));
	CHECK_OK(close(fd));
	CHECK(S_ISREG(a.st_mode));
	CHECK_EQ(a.st_size, 5);
	/* Case-insensitive: the same file. */
	CHECK_OK(stat(at(work, "a LONG file NAME with SPACES.TXT"), &b));
	CHECK_EQ(a.st_ino, b.st_ino);
	CHECK_ERR(open(at(work, "A LONG FILE NAME WITH SPACES.TXT"), O_RDWR | O_CREAT | O_EXCL, 0644), EEXIST);
	fd = CHECK_OK(open(at(work, "a long file name with spaces.txt"), O_RDONLY));
	CHECK_EQ(read(fd, data, sizeof(data)), 5);
	CHECK(!memcmp(data, "hello", 5));
	CHECK_OK(close(fd));

	for (int i = 0; i < 24; i++) {
		char leaf[64];

		snprintf(leaf, sizeof(leaf), "longname-%02d.data", i);
		fd = CHECK_OK(open(at(work, leaf), O_WRONLY | O_CREAT | O_EXCL, 0644));
		CHECK_EQ(write(fd, leaf, strlen(leaf)), (ssize_t)strlen(leaf));
		CHECK_OK(close(fd));
	}
	fd = CHECK_OK(open(at(work, "h\xc3\xa9llo w\xc3\xb6rld \xe2\x9c\x93.txt"), O_WRONLY | O_CREAT, 0644));
	CHECK_OK(close(fd));
	dir = opendir(work);
	CHECK(dir);
	while ((d = readdir(dir))) {
		if (!strncmp(d->d_name, "longname-", 9)) {
			CHECK_EQ(d->d_type, DT_REG);
			seen++;
		}
		if (!strcmp(d->d_name, "h\xc3\xa9llo w\xc3\xb6rld \xe2\x9c\x93.txt"))
			utf8_seen++;
		if (!strcmp(d->d_name, "."))
			CHECK_EQ(d->d_type, DT_DIR);
	}
	closedir(dir);
	CHECK_EQ(seen, 24);
	CHECK_EQ(utf8_seen, 1);
	for (int i = 0; i < 24; i++) {
		char leaf[64], got[64] = { 0 };

		snprintf(leaf, sizeof(leaf), "longname-%02d.data", i);
		fd = CHECK_OK(open(at(work, leaf), O_RDONLY));
		CHECK_EQ(read(fd, got, sizeof(got)), (ssize_t)strlen(leaf));
		CHECK_STR_EQ(got, leaf);
		CHECK_OK(close(fd));
	}

	CHECK_ERR(open(at(work, "a:b"), O_WRONLY | O_CREAT, 0644), EINVAL);
	CHECK_ERR(open(at(work, "a*b"), O_WRONLY | O_CREAT, 0644), EINVAL);
	{
		char from[2 * UTEST_PATH_MAX];

		snprintf(from, sizeof(from), "%s/longname-00.data", work);
		CHECK_ERR(link(from, at(work, "hard")), EPERM);
		CHECK_ERR(symlink("longname-00.data", at(work, "soft")), EPERM);
		/* rename to a new name, then over an existing file, then refused. */
		CHECK_OK(rename(from, at(work, "Renamed to a longer name.data")));
		CHECK_ERR(access(from, F_OK), ENOENT);
		CHECK_OK(stat(at(work, "longname-02.data"), &b));
		snprintf(from, sizeof(from), "%s/longname-01.data", work);
		CHECK_OK(rename(from, at(work, "longname-02.data")));
		CHECK_ERR(access(from, F_OK), ENOENT);
		fd = CHECK_OK(open(at(work, "longname-02.data"), O_RDONLY));
		memset(data, 0, sizeof(data));
		CHECK_EQ(read(fd, data, sizeof(data)), 16);
		CHECK(!memcmp(data, "longname-01.data", 16));
		CHECK_OK(close(fd));
		snprintf(from, sizeof(from), "%s/longname-03.data", work);
		CHECK_ERR(syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD,
				  at(work, "longname-04.data"), 1 /* RENAME_NOREPLACE */), EEXIST);
		CHECK_OK(access(from, F_OK));
		/* A change of case only. */
		CHECK_OK(rename(from, at(work, "LONGNAME-03.DATA")));
		dir = opendir(work);
		CHECK(dir);
		seen = 0;
		while ((d = readdir(dir)))
			seen += !strcmp(d->d_name, "LONGNAME-03.DATA");
		closedir(dir);
		CHECK_EQ(seen, 1);
	}

	/* Everything can be removed. */
	dir = opendir(work);
	CHECK(dir);
	while ((d = readdir(dir)))
		if (strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
			CHECK_OK(unlinkat(dirfd(dir), d->d_name, 0));
	closedir(dir);
	utest_pass();
}
