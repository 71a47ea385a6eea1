/* Listing /proc shows a directory per live process, this one and its
 * child among them, and no entry for a reaped one. */
#include "utest.h"

static int listed(pid_t pid)
{
	char want[16];
	struct dirent *de;
	DIR *d = opendir("/proc");
	int found = 0;

	if (!d)
		return -1;
	snprintf(want, sizeof(want), "%d", (int)pid);
	while ((de = readdir(d)))
		if (!strcmp(de->d_name, want)) {
			found = 1;
			if (de->d_type != DT_DIR)
				found = -2;
		}
	closedir(d);
	return found;
}

int main(int argc, char **argv)
{
	char path[64];
	struct stat st;
	int p[2];
	pid_t child;

	utest_begin(argc, argv);
	CHECK_EQ(listed(getpid()), 1);
	CHECK_EQ(listed(1), 1);
	CHECK_OK(pipe(p));
	child = CHECK_OK(fork());
	if (child == 0) {
		char c;

		close(p[1]);
		read(p[0], &c, 1);
		_exit(0);
	}
	close(p[0]);
	CHECK_EQ(listed(child), 1);
	snprintf(path, sizeof(path), "/proc/%d", (int)child);
	CHECK_OK(stat(path, &st));
	CHECK(S_ISDIR(st.st_mode));
	CHECK_EQ(st.st_uid, geteuid());
	close(p[1]);
	CHECK_CHILD_EXIT(child, 0);
	CHECK_EQ(listed(child), 0);
	CHECK_ERR(stat(path, &st), ENOENT);
	CHECK_ERR(access("/proc/not-a-pid", F_OK), ENOENT);
	utest_pass();
}
