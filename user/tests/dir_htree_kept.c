/* A directory of 8000 long names (hard links to one file): each is found
 * by stat, getdents64 lists each once, a name never made is not found,
 * and the directory moves to another parent and back.
 * On ext4 the directory is an htree of two levels (indirect_levels 1:
 * about 700 leaves of 4 KiB, more than the root's 507 entries).
 *
 * When /tmp is the root of an ext4 file system (make test's disk runs,
 * --tmp=/dev/vda:ext4) the directory is made as /tmp/htree-kept-<pid> and
 * left there (as fat_keep_tree does on FAT), so that the host check
 * (tools/check-fs-image.sh) can ask debugfs whether it is a real htree
 * and e2fsck whether it is sound. Elsewhere it lives in the scratch dir. */
#include "utest.h"

/* getdents64 records: struct dirent has their layout on 64-bit Linux. */
#include <sys/vfs.h>

#define N 8000
#define EXT4_MAGIC 0xef53

static char *dir;

/* Entry i: its number, then 220..249 bytes of a pattern. */
static char *name_of(int i, char *buf, size_t size)
{
	int len = 220 + (i * 37) % 30, n = snprintf(buf, size, "%s/%d_", dir, i);

	for (int k = 0; k < len; k++)
		buf[n + k] = (char)('a' + (i + k) % 26);
	buf[n + len] = 0;
	return buf;
}

int main(int argc, char **argv)
{
	static char seen[N];
	char p[UTEST_PATH_MAX], target[UTEST_PATH_MAX], kept[64];
	static char buf[4096] __attribute__((aligned(8)));
	struct statfs sf;
	struct stat s, t;
	int fd, listed = 0;
	long n;

	utest_begin(argc, argv);
	alarm(900);	/* thousands of journaled links under an emulator */
	CHECK_OK(statfs("/tmp", &sf));
	CHECK_OK(stat("/tmp", &s));
	if (sf.f_type == EXT4_MAGIC && s.st_ino == 2) {
		snprintf(kept, sizeof(kept), "/tmp/htree-kept-%d", (int)getpid());
		dir = kept;
	} else {
		dir = utest_path("htree");
	}
	CHECK_OK(mkdir(dir, 0755));
	snprintf(target, sizeof(target), "%s/target", dir);
	utest_write_file(target, "t", 0644);
	CHECK_OK(stat(target, &t));
	for (int i = 0; i < N; i++)
		CHECK_OK(link(target, name_of(i, p, sizeof(p))));
	CHECK_OK(unlink(target));
	for (int i = 0; i < N; i++) {
		CHECK_OK(stat(name_of(i, p, sizeof(p)), &s));
		CHECK_EQ(s.st_ino, t.st_ino);
		CHECK_EQ(s.st_nlink, N);
	}
	snprintf(p, sizeof(p), "%s/%d_", dir, N);
	CHECK_ERR(stat(p, &s), ENOENT);
	CHECK_ERR(stat(target, &s), ENOENT);
	fd = CHECK_OK(open(dir, O_RDONLY | O_DIRECTORY));
	while ((n = CHECK_OK(syscall(SYS_getdents64, fd, buf, sizeof(buf)))) > 0) {
		for (long off = 0; off < n;) {
			struct dirent *d = (struct dirent *)(void *)(buf + off);
			char *end;
			long i = strtol(d->d_name, &end, 10);

			off += d->d_reclen;
			if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
				continue;
			CHECK_MSG(*end == '_' && i >= 0 && i < N, "unexpected entry \"%s\"", d->d_name);
			CHECK_MSG(!seen[i], "entry \"%s\" listed twice", d->d_name);
			CHECK_STR_EQ(strrchr(name_of((int)i, p, sizeof(p)), '/') + 1, d->d_name);
			seen[i] = 1;
			listed++;
		}
	}
	CHECK_EQ(listed, N);
	CHECK_OK(close(fd));
	/* Moved to another parent and back: ".." in the htree root changes
	 * (and its checksum with it; e2fsck checks both on the host). */
	snprintf(p, sizeof(p), "%s.parent", dir);
	snprintf(target, sizeof(target), "%s.parent/moved", dir);
	CHECK_OK(mkdir(p, 0755));
	CHECK_OK(rename(dir, target));
	CHECK_OK(stat(p, &t));
	snprintf(buf, sizeof(buf), "%s/..", target);
	CHECK_OK(stat(buf, &s));
	CHECK_EQ(s.st_ino, t.st_ino);
	CHECK_OK(rename(target, dir));
	CHECK_OK(rmdir(p));
	snprintf(buf, sizeof(buf), "%s/..", dir);
	CHECK_OK(stat(buf, &s));
	CHECK_OK(stat("/tmp", &t));
	if (dir != kept)
		CHECK_OK(stat(utest_tmpdir(), &t));
	CHECK_EQ(s.st_ino, t.st_ino);
	utest_pass();
}
