/* Directories on a FAT volume: link counts count subdirectories, rmdir
 * of a non-empty one is ENOTEMPTY, a directory renamed into another
 * keeps its contents and its ".." follows, getcwd names it, a directory
 * cannot move below itself, and a directory of many long names grows
 * over many clusters and lists every entry. */
#include "fat_disk.h"

static char *at(const char *work, const char *leaf)
{
	static char bufs[4][2 * UTEST_PATH_MAX];
	static int next;
	char *b = bufs[next++ % 4];

	snprintf(b, 2 * UTEST_PATH_MAX, "%s/%s", work, leaf);
	return b;
}

int main(int argc, char **argv)
{
	char work[UTEST_PATH_MAX], cwd[UTEST_PATH_MAX];
	struct stat st, up, w;
	struct dirent *d;
	int fd, n = 0, dots = 0;
	DIR *dir;

	utest_begin(argc, argv);
	snprintf(work, sizeof(work), "%s", fat_require());

	CHECK_OK(mkdir(at(work, "Parent Directory"), 0755));
	CHECK_OK(mkdir(at(work, "Parent Directory/child one"), 0755));
	CHECK_OK(mkdir(at(work, "Parent Directory/child one/grandchild"), 0755));
	CHECK_OK(mkdir(at(work, "Parent Directory/child two"), 0755));
	CHECK_ERR(mkdir(at(work, "parent directory"), 0755), EEXIST);
	CHECK_OK(stat(at(work, "Parent Directory"), &st));
	CHECK(S_ISDIR(st.st_mode));
	CHECK_EQ(st.st_nlink, 4);
	CHECK_ERR(rmdir(at(work, "Parent Directory")), ENOTEMPTY);
	CHECK_ERR(unlink(at(work, "Parent Directory/child two")), EISDIR);
	fd = CHECK_OK(open(at(work, "Parent Directory/file"), O_WRONLY | O_CREAT, 0644));
	CHECK_OK(close(fd));
	CHECK_ERR(rmdir(at(work, "Parent Directory/file")), ENOTDIR);
	CHECK_ERR(rename(at(work, "Parent Directory"), at(work, "Parent Directory/child two/x")), EINVAL);

	/* Move a directory tree to another parent. */
	CHECK_OK(rename(at(work, "Parent Directory/child one"), at(work, "Moved Away")));
	CHECK_OK(stat(at(work, "Moved Away/grandchild"), &st));
	CHECK(S_ISDIR(st.st_mode));
	CHECK_OK(stat(at(work, "Parent Directory"), &st));
	CHECK_EQ(st.st_nlink, 3);
	CHECK_OK(stat(work, &w));
	CHECK_OK(stat(at(work, "Moved Away/.."), &up));
	CHECK_EQ(up.st_ino, w.st_ino);
	CHECK_OK(chdir(at(work, "Moved Away/grandchild")));
	CHECK(getcwd(cwd, sizeof(cwd)));
	CHECK_MSG(strstr(cwd, "/Moved Away/grandchild") != NULL, "getcwd gave %s", cwd);
	CHECK_OK(chdir("../.."));
	CHECK(getcwd(cwd, sizeof(cwd)));
	CHECK_OK(stat(".", &st));
	CHECK_EQ(st.st_ino, w.st_ino);
	CHECK_OK(chdir("/"));
	dir = opendir(at(work, "Moved Away"));
	CHECK(dir);
	while ((d = readdir(dir))) {
		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, "..")) {
			dots++;
			CHECK_EQ(d->d_type, DT_DIR);
		} else {
			CHECK_STR_EQ(d->d_name, "grandchild");
			CHECK_EQ(d->d_type, DT_DIR);
		}
	}
	closedir(dir);
	CHECK_EQ(dots, 2);

	/* Many long names: the directory grows over several clusters. */
	for (int i = 0; i < 300; i++) {
		char leaf[96];

		snprintf(leaf, sizeof(leaf), "Parent Directory/child two/entry number %03d with a long name", i);
		fd = CHECK_OK(open(at(work, leaf), O_WRONLY | O_CREAT | O_EXCL, 0644));
		CHECK_OK(close(fd));
	}
	CHECK_OK(stat(at(work, "Parent Directory/child two"), &st));
	CHECK(st.st_size >= 300 * 4 * 32);
	dir = opendir(at(work, "Parent Directory/child two"));
	CHECK(dir);
	while ((d = readdir(dir)))
		if (!strncmp(d->d_name, "entry number ", 13))
			n++;
	CHECK_EQ(n, 300);
	rewinddir(dir);
	while ((d = readdir(dir)))
		if (d->d_name[0] != '.')
			CHECK_OK(unlinkat(dirfd(dir), d->d_name, 0));
	closedir(dir);

	CHECK_OK(rmdir(at(work, "Parent Directory/child two")));
	CHECK_OK(unlink(at(work, "Parent Directory/file")));
	CHECK_OK(rmdir(at(work, "Parent Directory")));
	CHECK_OK(rmdir(at(work, "Moved Away/grandchild")));
	CHECK_OK(rmdir(at(work, "Moved Away")));
	utest_pass();
}
