/* A directory listing reflects the directory's current contents: removed
 * entries are gone and new ones appear when it is read again from the
 * start. */
#include "utest.h"

struct utest_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* Counts the entries of dfd other than "." and "..", and whether name is one. */
static int list(int dfd, const char *name, int *found)
{
	char buf[1024];
	long n;
	int count = 0;

	*found = 0;
	CHECK_EQ(lseek(dfd, 0, SEEK_SET), 0);
	while ((n = CHECK_OK(syscall(SYS_getdents64, dfd, buf, sizeof(buf)))) > 0) {
		for (long off = 0; off < n;) {
			struct utest_dirent64 *d = (struct utest_dirent64 *)(buf + off);

			if (strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
				count++;
			if (!strcmp(d->d_name, name))
				*found = 1;
			off += d->d_reclen;
		}
	}
	return count;
}

int main(int argc, char **argv)
{
	char name[32];
	int dfd, found;

	utest_begin(argc, argv);
	for (int i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "entry-%02d", i);
		utest_write_file(utest_path(name), "", 0644);
	}
	dfd = CHECK_OK(open(utest_tmpdir(), O_RDONLY | O_DIRECTORY));
	CHECK_EQ(list(dfd, "entry-07", &found), 40);
	CHECK(found);
	CHECK_OK(unlink(utest_path("entry-07")));
	CHECK_EQ(list(dfd, "entry-07", &found), 39);
	CHECK(!found);
	utest_write_file(utest_path("late"), "", 0644);
	CHECK_EQ(list(dfd, "late", &found), 40);
	CHECK(found);
	CHECK_OK(close(dfd));
	utest_pass();
}
