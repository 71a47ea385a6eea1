/* getdents64 lists every entry of a directory exactly once, with "." and
 * "..", the right d_type for files, directories and links, and returns 0
 * once the listing is done. */
#include "utest.h"

struct utest_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

int main(int argc, char **argv)
{
	static const char *names[] = { ".", "..", "file1", "file2", "subdir", "link" };
	static const int types[] = { DT_DIR, DT_DIR, DT_REG, DT_REG, DT_DIR, DT_LNK };
	int seen[6] = { 0 };
	char buf[256];
	long n;
	int fd, total = 0;

	utest_begin(argc, argv);
	utest_write_file(utest_path("file1"), "1", 0644);
	utest_write_file(utest_path("file2"), "2", 0644);
	CHECK_OK(mkdir(utest_path("subdir"), 0755));
	CHECK_OK(symlink("file1", utest_path("link")));
	fd = CHECK_OK(open(utest_tmpdir(), O_RDONLY | O_DIRECTORY));
	/* A small buffer makes the listing take several calls. */
	while ((n = CHECK_OK(syscall(SYS_getdents64, fd, buf, 64))) > 0) {
		for (long off = 0; off < n;) {
			struct utest_dirent64 *d = (struct utest_dirent64 *)(buf + off);
			int i;

			CHECK(d->d_reclen > 0 && off + d->d_reclen <= n);
			CHECK(d->d_ino != 0);
			for (i = 0; i < 6; i++)
				if (!strcmp(d->d_name, names[i]))
					break;
			CHECK_MSG(i < 6, "unexpected entry \"%s\"", d->d_name);
			CHECK_EQ(d->d_type, types[i]);
			seen[i]++;
			total++;
			off += d->d_reclen;
		}
	}
	CHECK_EQ(total, 6);
	for (int i = 0; i < 6; i++)
		CHECK_EQ(seen[i], 1);
	CHECK_EQ(syscall(SYS_getdents64, fd, buf, sizeof(buf)), 0);
	CHECK_OK(close(fd));
	utest_pass();
}
