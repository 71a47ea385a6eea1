/* A program on a mount made with MS_NOEXEC cannot be run (EACCES); the
 * same file on a mount without it runs. */
#include "utest.h"
#include <sys/mount.h>

/* Copy this program to path, executable. */
static void copy_self(const char *path)
{
	char buf[65536];
	int in = CHECK_OK(open(utest_self(), O_RDONLY));
	int out = CHECK_OK(open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755));
	ssize_t n;

	while ((n = read(in, buf, sizeof(buf))) > 0)
		CHECK_EQ(write(out, buf, n), n);
	CHECK_OK(n);
	close(in);
	close(out);
}

/* Run path with the argument "child": its exit status, or 100 + errno of execv. */
static int run(const char *path)
{
	int st;
	pid_t pid = CHECK_OK(fork());

	if (pid == 0) {
		char *av[] = { (char *)path, "child", NULL };

		execv(path, av);
		_exit(100 + errno);
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st));
	return WEXITSTATUS(st);
}

int main(int argc, char **argv)
{
	char *m, *prog;

	if (argc == 2 && !strcmp(argv[1], "child"))
		_exit(42);
	utest_begin(argc, argv);
	m = utest_path("m");
	prog = utest_path("m/prog");
	CHECK_OK(mkdir(m, 0755));
	CHECK_OK(mount("none", m, "tmpfs", MS_NOEXEC, NULL));
	copy_self(prog);
	CHECK_EQ(run(prog), 100 + EACCES);
	CHECK_OK(umount(m));
	CHECK_OK(mount("none", m, "tmpfs", 0, NULL));
	copy_self(prog);
	CHECK_EQ(run(prog), 42);
	CHECK_OK(umount(m));
	utest_pass();
}
