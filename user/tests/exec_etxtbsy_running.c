/* A program that runs cannot be opened for writing nor truncated
 * (ETXTBSY), as on Linux; reading and unlinking it work, and once its
 * last image is gone it may be written again. */
#include "utest.h"
#include "utest_exec.h"

int main(int argc, char **argv)
{
	char *args[] = { NULL, "child", NULL, NULL, NULL };
	char *envp[] = { NULL };
	char rfd[16], wfd[16], c;
	int ready[2], go[2], fd;
	struct stat st;
	pid_t pid;

	utest_begin(argc, argv);
	if (argc == 4 && !strcmp(argv[1], "child")) {
		/* Say it runs, then wait for the parent to close its end. */
		CHECK_EQ(write(atoi(argv[3]), "r", 1), 1);
		CHECK_EQ(read(atoi(argv[2]), &c, 1), 0);
		_exit(0);
	}
	/* This very program runs. */
	CHECK_ERR(open(utest_self(), O_WRONLY), ETXTBSY);
	CHECK_ERR(open(utest_self(), O_RDWR), ETXTBSY);

	utest_copy_self(utest_path("prog"));
	CHECK_OK(stat(utest_path("prog"), &st));
	CHECK_OK(pipe(ready));
	CHECK_OK(pipe(go));
	snprintf(rfd, sizeof(rfd), "%d", go[0]);
	snprintf(wfd, sizeof(wfd), "%d", ready[1]);
	args[0] = (char *)utest_path("prog");
	args[2] = rfd;
	args[3] = wfd;
	pid = utest_fork();
	if (pid == 0) {
		close(go[1]);
		execve(args[0], args, envp);
		_exit(127);
	}
	CHECK_OK(close(go[0]));
	CHECK_OK(close(ready[1]));
	CHECK_EQ(read(ready[0], &c, 1), 1);

	CHECK_ERR(open(args[0], O_WRONLY), ETXTBSY);
	CHECK_ERR(open(args[0], O_RDWR | O_TRUNC), ETXTBSY);
	CHECK_ERR(truncate(args[0], 0), ETXTBSY);
	CHECK_OK(stat(args[0], &st));
	CHECK(st.st_size > 0);	/* O_TRUNC did not truncate it */
	fd = CHECK_OK(open(args[0], O_RDONLY));
	CHECK_OK(close(fd));

	CHECK_OK(close(go[1]));	/* the child ends */
	CHECK_CHILD_EXIT(pid, 0);
	fd = CHECK_OK(open(args[0], O_WRONLY));
	CHECK_OK(close(fd));
	CHECK_OK(truncate(args[0], 0));
	utest_pass();
}
