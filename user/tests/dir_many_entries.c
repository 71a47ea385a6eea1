/* A directory of thousands of entries with names of varied length (on
 * ext4 it grows into an htree): every name is found by stat and open,
 * getdents64 lists each exactly once (in many small calls), also when
 * hundreds of names are added between two of those calls, and that stays
 * so after every other entry is unlinked and some are renamed; names never
 * made are not found; at the end the directory empties and rmdir works. */
#include "utest.h"

/* getdents64 records: struct dirent has their layout on 64-bit Linux. */

#define N 3000

static const char pad[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
			  "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
			  "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
			  "abcdefghijklmnopqrstuvwxyz";

enum state { GONE, HERE, RENAMED };

static enum state st[N];
static ino_t inos[N];
static char *dir;

/* Entry i's name: its number, then 0..199 pad bytes (r for a renamed one). */
static char *name_of(int i, int renamed, char *buf, size_t size)
{
	int len = renamed ? (i * 7) % 151 : (i * 13) % 200;

	snprintf(buf, size, "%s/%s%d_%.*s", dir, renamed ? "r" : "", i, len, pad);
	return buf;
}

/* Parse a listed name back to its number; -1 when it is not one of ours. */
static int parse(const char *s, int *renamed)
{
	char *end;
	long i;

	*renamed = s[0] == 'r';
	i = strtol(s + *renamed, &end, 10);
	if (end == s + *renamed || *end != '_' || i < 0 || i >= N)
		return -1;
	if ((int)strlen(end + 1) != (*renamed ? (i * 7) % 151 : (i * 13) % 200) ||
	    strncmp(end + 1, pad, strlen(end + 1)))
		return -1;
	return (int)i;
}

/* getdents64 in small calls: every live entry exactly once, nothing else. */
static void check_listing(void)
{
	static int seen[N];
	char buf[700] __attribute__((aligned(8)));
	int fd = CHECK_OK(open(dir, O_RDONLY | O_DIRECTORY)), dots = 0;
	long n;

	memset(seen, 0, sizeof(seen));
	while ((n = CHECK_OK(syscall(SYS_getdents64, fd, buf, sizeof(buf)))) > 0) {
		for (long off = 0; off < n;) {
			struct dirent *d = (struct dirent *)(void *)(buf + off);
			int renamed, i;

			CHECK(d->d_reclen > 0 && off + d->d_reclen <= n);
			off += d->d_reclen;
			if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, "..")) {
				dots++;
				continue;
			}
			i = parse(d->d_name, &renamed);
			CHECK_MSG(i >= 0, "unexpected entry \"%s\"", d->d_name);
			CHECK_MSG(st[i] == (renamed ? RENAMED : HERE), "entry \"%s\" should not be there",
				  d->d_name);
			CHECK_MSG(!seen[i], "entry \"%s\" listed twice", d->d_name);
			CHECK_EQ(d->d_ino, inos[i]);
			CHECK_EQ(d->d_type, DT_REG);
			seen[i] = 1;
		}
	}
	CHECK_EQ(dots, 2);
	for (int i = 0; i < N; i++)
		CHECK_MSG(seen[i] == (st[i] != GONE), "entry %d missing from the listing", i);
	CHECK_OK(close(fd));
}

/* stat and open find every live name; the others give ENOENT. */
static void check_lookups(void)
{
	char p[UTEST_PATH_MAX];
	struct stat s;

	for (int i = 0; i < N; i++) {
		for (int r = 0; r < 2; r++) {
			int live = st[i] == (r ? RENAMED : HERE);

			name_of(i, r, p, sizeof(p));
			if (!live) {
				CHECK_ERR(stat(p, &s), ENOENT);
				continue;
			}
			CHECK_OK(stat(p, &s));
			CHECK_EQ(s.st_ino, inos[i]);
			CHECK_OK(close(CHECK_OK(open(p, O_RDONLY))));
		}
	}
}

/* Half a listing, then names added (leaves split under the reader), then
 * the rest: every old entry exactly once, a new one at most once. */
static void check_listing_while_adding(void)
{
	static int seen[N];
	char buf[700] __attribute__((aligned(8))), p[UTEST_PATH_MAX];
	int fd = CHECK_OK(open(dir, O_RDONLY | O_DIRECTORY)), calls = 0, extra = 0;
	long n;

	memset(seen, 0, sizeof(seen));
	while ((n = CHECK_OK(syscall(SYS_getdents64, fd, buf, sizeof(buf)))) > 0) {
		if (++calls == 20)
			for (int k = 0; k < 600; k++) {
				snprintf(p, sizeof(p), "%s/new%d_%.*s", dir, k, k % 180, pad);
				CHECK_OK(close(CHECK_OK(open(p, O_RDWR | O_CREAT | O_EXCL, 0644))));
			}
		for (long off = 0; off < n;) {
			struct dirent *d = (struct dirent *)(void *)(buf + off);
			int renamed, i;

			off += d->d_reclen;
			if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
				continue;
			if (!strncmp(d->d_name, "new", 3)) {
				extra++;
				continue;
			}
			i = parse(d->d_name, &renamed);
			CHECK_MSG(i >= 0 && st[i] == HERE, "unexpected entry \"%s\"", d->d_name);
			CHECK_MSG(!seen[i], "entry \"%s\" listed twice", d->d_name);
			seen[i] = 1;
		}
	}
	CHECK(calls > 20);
	CHECK(extra <= 600);
	for (int i = 0; i < N; i++)
		CHECK_MSG(seen[i] == (st[i] != GONE), "entry %d missing from the listing", i);
	CHECK_OK(close(fd));
	for (int k = 0; k < 600; k++) {
		snprintf(p, sizeof(p), "%s/new%d_%.*s", dir, k, k % 180, pad);
		CHECK_OK(unlink(p));
	}
}

int main(int argc, char **argv)
{
	char p[UTEST_PATH_MAX], q[UTEST_PATH_MAX];
	struct stat s;

	utest_begin(argc, argv);
	alarm(600);	/* thousands of journaled creates under an emulator */
	dir = utest_path("many");
	CHECK_OK(mkdir(dir, 0755));
	for (int i = 0; i < N; i++) {
		int fd = CHECK_OK(open(name_of(i, 0, p, sizeof(p)), O_RDWR | O_CREAT | O_EXCL, 0644));

		CHECK_OK(fstat(fd, &s));
		inos[i] = s.st_ino;
		st[i] = HERE;
		CHECK_OK(close(fd));
	}
	CHECK_ERR(open(name_of(17, 0, p, sizeof(p)), O_RDWR | O_CREAT | O_EXCL, 0644), EEXIST);
	check_lookups();
	check_listing();
	check_listing_while_adding();
	check_listing();
	for (int i = 1; i < N; i += 2) {
		CHECK_OK(unlink(name_of(i, 0, p, sizeof(p))));
		st[i] = GONE;
	}
	check_lookups();
	check_listing();
	for (int i = 0; i < N; i += 6) {
		CHECK_OK(rename(name_of(i, 0, p, sizeof(p)), name_of(i, 1, q, sizeof(q))));
		st[i] = RENAMED;
	}
	check_lookups();
	check_listing();
	CHECK_ERR(rmdir(dir), ENOTEMPTY);
	for (int i = 0; i < N; i++) {
		if (st[i] != GONE)
			CHECK_OK(unlink(name_of(i, st[i] == RENAMED, p, sizeof(p))));
		st[i] = GONE;
	}
	check_listing();
	CHECK_OK(rmdir(dir));
	CHECK_ERR(stat(dir, &s), ENOENT);
	utest_pass();
}
