/* /proc/<pid>/stat of a child shows its pid, state (S while it blocks on a
 * pipe, Z once it has exited unreaped), parent, group, session and thread
 * count in Linux's 52 fields; the directory goes away when it is reaped. */
#include "utest.h"

static int read_stat(pid_t pid, char *buf, size_t size)
{
	char path[64];
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	return 0;
}

static int count_tasks(pid_t pid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	return utest_dir_entries(path);
}

/* Fields after "(comm)": state is field 3; returns how many were found. */
static int split_fields(char *buf, char **f, int max)
{
	char *p = strrchr(buf, ')'), *save;
	int n = 2;

	if (!p)
		return 0;
	for (char *t = strtok_r(p + 1, " \n", &save); t && n < max; t = strtok_r(NULL, " \n", &save))
		f[n++] = t;
	return n;
}

int main(int argc, char **argv)
{
	char buf[1024], *f[64];
	int p[2], n, tries;
	pid_t child;

	utest_begin(argc, argv);
	CHECK_OK(pipe(p));
	child = CHECK_OK(fork());
	if (child == 0) {
		char c;

		close(p[1]);
		read(p[0], &c, 1);	/* blocks until the parent closes its end */
		_exit(7);
	}
	close(p[0]);
	/* Wait until the child sleeps in read. */
	for (tries = 0; tries < 500; tries++) {
		CHECK_OK(read_stat(child, buf, sizeof(buf)));
		n = split_fields(buf, f, 64);
		CHECK_MSG(n == 52, "%d fields in %s", n, buf);
		if (!strcmp(f[2], "S"))
			break;
		usleep(10000);
	}
	CHECK_MSG(!strcmp(f[2], "S"), "state %s", f[2]);
	CHECK_EQ(atoi(buf), child);
	CHECK_EQ(atoi(f[3]), getpid());
	CHECK_EQ(atoi(f[4]), getpgrp());
	CHECK_EQ(atoi(f[5]), getsid(0));
	CHECK_EQ(atoi(f[19]), count_tasks(child));	/* num_threads */
	CHECK_EQ(atoi(f[37]), SIGCHLD);	/* exit_signal */
	CHECK(strtoul(f[22], NULL, 10) > 0);	/* vsize */
	close(p[1]);
	/* Exited, not reaped: a zombie. */
	for (tries = 0; tries < 500; tries++) {
		CHECK_OK(read_stat(child, buf, sizeof(buf)));
		split_fields(buf, f, 64);
		if (!strcmp(f[2], "Z"))
			break;
		usleep(10000);
	}
	CHECK_MSG(!strcmp(f[2], "Z"), "state %s after exit", f[2]);
	CHECK_EQ(atoi(f[3]), getpid());
	CHECK_CHILD_EXIT(child, 7);
	snprintf(buf, sizeof(buf), "/proc/%d", (int)child);
	CHECK_ERR(access(buf, F_OK), ENOENT);
	utest_pass();
}
