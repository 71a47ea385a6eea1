/* Touching a page of a file mapping that lies wholly past the end of the
 * file raises SIGBUS (BUS_ADRERR), as on Linux; the bytes after the end in
 * the last page read as zeros. */
#include "utest.h"
#include <setjmp.h>

#define PG 4096

static sigjmp_buf env;
static volatile int got_code;

static void on_bus(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	got_code = si->si_code;
	siglongjmp(env, 1);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { 0 };
	volatile char *p;
	int fd;

	utest_begin(argc, argv);
	fd = open(utest_path("f"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0);
	CHECK_EQ(write(fd, "hello", 5), 5);
	p = mmap(NULL, 2 * PG, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED);
	CHECK_EQ(p[0], 'h');
	CHECK_EQ(p[5], 0);
	CHECK_EQ(p[PG - 1], 0);
	sa.sa_sigaction = on_bus;
	sa.sa_flags = SA_SIGINFO;
	CHECK_OK(sigaction(SIGBUS, &sa, NULL));
	if (!sigsetjmp(env, 1)) {
		(void)p[PG];
		CHECK_MSG(0, "no SIGBUS past the end of the file");
	}
	CHECK_EQ(got_code, BUS_ADRERR);
	/* Once the file grows, the page is there. */
	CHECK_OK(ftruncate(fd, 2 * PG));
	CHECK_EQ(p[PG], 0);
	CHECK_OK(close(fd));
	utest_pass();
}
