/* Threads made with clone(CLONE_THREAD) appear in /proc/self/task and in
 * the Threads count of status, each with its own stat; thread-self names
 * the calling thread. */
#include "utest.h"

#define FLAGS_THREAD (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | \
		      CLONE_SYSVSEM | CLONE_CHILD_CLEARTID | CLONE_PARENT_SETTID)
#define NT 3
#ifndef FUTEX_WAIT
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#endif

static volatile int go;
static volatile pid_t tids[NT], ctids[NT];

static int worker(void *arg)
{
	(void)arg;
	while (!go)
		syscall(SYS_futex, &go, FUTEX_WAIT, 0, NULL, NULL, 0);
	syscall(SYS_exit, 0);
	return 0;
}

static int count_tasks(void)
{
	return utest_dir_entries("/proc/self/task");
}

static int status_threads(void)
{
	char buf[4096], *p;
	int fd = open("/proc/self/status", O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	p = strstr(buf, "\nThreads:\t");
	return p ? atoi(p + 10) : -1;
}

int main(int argc, char **argv)
{
	size_t sz = 64 * 1024;
	int before = 0, sbefore = 0;
	char path[128], buf[512];
	ssize_t n;

	utest_begin(argc, argv);
	before = count_tasks();
	sbefore = status_threads();
	CHECK(before >= 1);
	CHECK_EQ(sbefore, before);
	for (int i = 0; i < NT; i++) {
		char *stack = malloc(sz);

		CHECK(stack != NULL);
		ctids[i] = -1;
		tids[i] = CHECK_OK(clone(worker, stack + sz, FLAGS_THREAD, NULL, &tids[i], NULL,
					 &ctids[i]));
		ctids[i] = tids[i];
	}
	CHECK_EQ(count_tasks(), before + NT);
	CHECK_EQ(status_threads(), sbefore + NT);
	for (int i = 0; i < NT; i++) {
		int fd;

		snprintf(path, sizeof(path), "/proc/self/task/%d/stat", (int)tids[i]);
		fd = CHECK_OK(open(path, O_RDONLY));
		n = CHECK_OK(read(fd, buf, sizeof(buf) - 1));
		buf[n] = 0;
		close(fd);
		CHECK_EQ(atoi(buf), tids[i]);
		snprintf(path, sizeof(path), "/proc/%d/task/%d", (int)getpid(), (int)tids[i]);
		CHECK_OK(access(path, F_OK));
	}
	n = CHECK_OK(readlink("/proc/thread-self", buf, sizeof(buf) - 1));
	buf[n] = 0;
	snprintf(path, sizeof(path), "%d/task/%d", (int)getpid(), (int)syscall(SYS_gettid));
	CHECK_STR_EQ(buf, path);
	go = 1;
	syscall(SYS_futex, &go, FUTEX_WAKE, NT, NULL, NULL, 0);
	for (int i = 0; i < NT; i++) {
		pid_t v;

		while ((v = ctids[i]) != 0)
			syscall(SYS_futex, &ctids[i], FUTEX_WAIT, v, NULL, NULL, 0);
	}
	/* The tid word is cleared just before a thread is gone: allow a moment. */
	for (int tries = 0; tries < 200 && count_tasks() != before; tries++)
		usleep(5000);
	CHECK_EQ(count_tasks(), before);
	utest_pass();
}
