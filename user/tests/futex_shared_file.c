/* Shared futexes in a MAP_SHARED file mapping are keyed by the file and
 * the offset in it: two processes that map the file on their own, at
 * different offsets of their mappings, meet on one futex word. */
#include "futex_util.h"

#define PG 4096

int main(int argc, char **argv)
{
	char *path;
	uint32_t *word;
	char *m;
	pid_t pid;
	int fd;

	utest_begin(argc, argv);
	path = utest_path("f");
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0);
	CHECK_OK(ftruncate(fd, 2 * PG));
	CHECK_OK(close(fd));
	pid = utest_fork();
	if (pid == 0) {
		/* The child maps the whole file: the word is at PG + 8. */
		int cfd = open(path, O_RDWR);
		uint32_t *w;
		char *cm;

		if (cfd < 0)
			_exit(2);
		cm = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, cfd, 0);
		if (cm == MAP_FAILED)
			_exit(3);
		w = (uint32_t *)(cm + PG + 8);
		while (__atomic_load_n(w, __ATOMIC_SEQ_CST) == 0)
			futex_call(w, FUTEX_WAIT, 0, NULL, NULL, 0);
		_exit(__atomic_load_n(w, __ATOMIC_SEQ_CST) == 7 ? 0 : 4);
	}
	/* The parent maps only the second page: the word is at 8. */
	fd = open(path, O_RDWR);
	CHECK(fd >= 0);
	m = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, PG);
	CHECK(m != MAP_FAILED);
	word = (uint32_t *)(m + 8);
	futex_wait_for_waiters(word, 0, 1);
	__atomic_store_n(word, 7, __ATOMIC_SEQ_CST);
	CHECK_EQ(futex_call(word, FUTEX_WAKE, INT_MAX, NULL, NULL, 0), 1);
	CHECK_CHILD_EXIT(pid, 0);
	CHECK_OK(close(fd));
	utest_pass();
}
