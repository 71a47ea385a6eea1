/* SPDX-License-Identifier: MIT */
/*
 * utest: the framework of Mica's user-space tests, header only.
 *
 * Each program under user/tests/ checks one behaviour. It includes this
 * header first (it defines _GNU_SOURCE), calls utest_begin() at the top of
 * main() and utest_pass() at the end; any failed check ends it at once.
 *
 * Output, one line each, written straight to fd 1 with write(2):
 *	utest: PASS <name>
 *	utest: FAIL <name> <file>:<line>: <what> (errno <n> <NAME>)
 * Exit status 0 on a pass, 1 on a failure; a test that hangs is killed by
 * the SIGALRM of alarm(10). <name> is the basename of argv[0].
 *
 * A failed check in a child process (fork, vfork, clone) also prints its
 * FAIL line, then _exit(1)s; the parent notices through the exit status.
 *
 * Works with glibc and musl: only POSIX/Linux calls that both provide, and
 * syscall(SYS_xxx, ...) for calls one of them lacks or that must be given
 * bad pointers (the wrappers may touch them in user space).
 */
#ifndef UTEST_H
#define UTEST_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define UTEST_ALARM_SECONDS 10
#define UTEST_PATH_MAX 512

/* An address that is never mapped in a user process (the zero page). */
#define UTEST_BAD_PTR ((void *)1)

#define UTEST_UNUSED __attribute__((unused))

static char utest_name[128] UTEST_UNUSED = "unknown";
static char utest_self_path[UTEST_PATH_MAX] UTEST_UNUSED;
static char utest_tmp[UTEST_PATH_MAX] UTEST_UNUSED;
static pid_t utest_pid UTEST_UNUSED;

static UTEST_UNUSED const char *utest_errno_name(int e)
{
	switch (e) {
	case 0: return "0";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case ESRCH: return "ESRCH";
	case EINTR: return "EINTR";
	case EIO: return "EIO";
	case ENXIO: return "ENXIO";
	case E2BIG: return "E2BIG";
	case ENOEXEC: return "ENOEXEC";
	case EBADF: return "EBADF";
	case ECHILD: return "ECHILD";
	case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case EXDEV: return "EXDEV";
	case ENODEV: return "ENODEV";
	case ENOTDIR: return "ENOTDIR";
	case EISDIR: return "EISDIR";
	case EINVAL: return "EINVAL";
	case ENFILE: return "ENFILE";
	case EMFILE: return "EMFILE";
	case ENOTTY: return "ENOTTY";
	case EFBIG: return "EFBIG";
	case ENOSPC: return "ENOSPC";
	case ESPIPE: return "ESPIPE";
	case EROFS: return "EROFS";
	case EMLINK: return "EMLINK";
	case EPIPE: return "EPIPE";
	case ERANGE: return "ERANGE";
	case ENAMETOOLONG: return "ENAMETOOLONG";
	case ENOSYS: return "ENOSYS";
	case ENOTEMPTY: return "ENOTEMPTY";
	case ELOOP: return "ELOOP";
	case EOVERFLOW: return "EOVERFLOW";
	default: return "E?";
	}
}

/* Writes all of buf to fd, retrying short writes; for the verdict lines. */
static UTEST_UNUSED void utest_write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

/* Removes path and, if it is a directory, everything below it. */
static UTEST_UNUSED void utest_remove_tree(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	char sub[UTEST_PATH_MAX];

	if (lstat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	d = opendir(path);
	if (d) {
		while ((de = readdir(d)) != NULL) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
			utest_remove_tree(sub);
		}
		closedir(d);
	}
	rmdir(path);
}

/* Removes the test's scratch directory, in the process that made it. */
static UTEST_UNUSED void utest_cleanup(void)
{
	if (utest_tmp[0] && getpid() == utest_pid) {
		utest_remove_tree(utest_tmp);
		utest_tmp[0] = '\0';
	}
}

/*
 * Reports a failure and ends the process: exit(1) in the test's own
 * process (after removing its scratch directory), _exit(1) in a child.
 */
static UTEST_UNUSED __attribute__((noreturn, format(printf, 4, 5))) void
utest_fail(const char *file, int line, int err, const char *fmt, ...)
{
	char what[400], msg[700];
	va_list ap;
	int child = getpid() != utest_pid;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(msg, sizeof(msg), "utest: FAIL %s %s:%d: %s%s (errno %d %s)\n", utest_name, file,
		 line, child ? "[child] " : "", what, err, utest_errno_name(err));
	utest_write_all(1, msg, strlen(msg));
	if (child)
		_exit(1);
	utest_cleanup();
	exit(1);
}

/* Reports the pass and exits 0; call it once, at the end of main(). */
static UTEST_UNUSED __attribute__((noreturn)) void utest_pass(void)
{
	char msg[200];

	if (getpid() != utest_pid)
		utest_fail(__FILE__, __LINE__, 0, "utest_pass() called in a child");
	utest_cleanup();
	snprintf(msg, sizeof(msg), "utest: PASS %s\n", utest_name);
	utest_write_all(1, msg, strlen(msg));
	exit(0);
}

/*
 * Starts a test: names it after argv[0], remembers the absolute path of
 * the program (for tests that execve themselves), sets the umask to 022
 * (so that file modes do not depend on the runner) and arms alarm(10).
 * argv[0] must hold a '/' (the runners give a path).
 */
static UTEST_UNUSED void utest_begin(int argc, char **argv)
{
	const char *a0 = argc > 0 && argv[0] ? argv[0] : "unknown";
	const char *slash = strrchr(a0, '/');

	alarm(UTEST_ALARM_SECONDS);
	umask(022);
	utest_pid = getpid();
	snprintf(utest_name, sizeof(utest_name), "%s", slash ? slash + 1 : a0);
	if (a0[0] == '/') {
		snprintf(utest_self_path, sizeof(utest_self_path), "%s", a0);
	} else if (slash) {
		char cwd[UTEST_PATH_MAX / 2];

		if (getcwd(cwd, sizeof(cwd)))
			snprintf(utest_self_path, sizeof(utest_self_path), "%s/%s", cwd, a0);
	}
}

/* The absolute path of this program, for execve(); fails the test if unknown. */
#define utest_self() \
	(utest_self_path[0] ? utest_self_path \
			    : (utest_fail(__FILE__, __LINE__, 0, "argv[0] holds no path"), ""))

/*
 * The test's own scratch directory /tmp/utest-<name>-<pid>, mode 0755 (under
 * the umask of utest_begin), made on first use and removed with everything
 * in it when the test ends. The test's own process must make it (a child
 * may use it).
 */
static UTEST_UNUSED const char *utest_tmpdir(void)
{
	if (!utest_tmp[0]) {
		if (getpid() != utest_pid)
			utest_fail(__FILE__, __LINE__, 0, "make the scratch directory before fork");
		snprintf(utest_tmp, sizeof(utest_tmp), "/tmp/utest-%s-%d", utest_name,
			 (int)utest_pid);
		utest_remove_tree(utest_tmp);
		if (mkdir(utest_tmp, 0755) != 0) {
			int e = errno;

			utest_tmp[0] = '\0';
			utest_fail(__FILE__, __LINE__, e, "cannot make the scratch directory");
		}
	}
	return utest_tmp;
}

/* "<tmpdir>/<leaf>" in a fresh heap buffer (never freed: tests are short). */
static UTEST_UNUSED char *utest_path(const char *leaf)
{
	const char *dir = utest_tmpdir();
	size_t n = strlen(dir) + strlen(leaf) + 2;
	char *p = malloc(n);

	if (!p)
		utest_fail(__FILE__, __LINE__, errno, "malloc");
	snprintf(p, n, "%s/%s", dir, leaf);
	return p;
}

/*
 * Reads all of path (a /proc file, say) into buf as a string of at most
 * size-1 bytes; the length. Fails the test if it cannot be read.
 */
static UTEST_UNUSED size_t utest_read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	size_t got = 0;
	ssize_t n = 0;

	if (fd < 0)
		utest_fail(__FILE__, __LINE__, errno, "open %s", path);
	while (got < size - 1 && (n = read(fd, buf + got, size - 1 - got)) > 0)
		got += (size_t)n;
	if (n < 0)
		utest_fail(__FILE__, __LINE__, errno, "read %s", path);
	close(fd);
	buf[got] = '\0';
	return got;
}

/* How many entries directory path holds, "." and ".." aside; -1 if it
 * cannot be opened. */
static UTEST_UNUSED int utest_dir_entries(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	int n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

/* ---- checks ---- */

#define CHECK(cond)                                                                    \
	do {                                                                           \
		if (!(cond))                                                           \
			utest_fail(__FILE__, __LINE__, errno, "CHECK(%s)", #cond);     \
	} while (0)

/* Like CHECK, with a printf-style explanation. */
#define CHECK_MSG(cond, ...)                                                           \
	do {                                                                           \
		if (!(cond))                                                           \
			utest_fail(__FILE__, __LINE__, errno, __VA_ARGS__);            \
	} while (0)

/* a == b, compared as long long; prints both values. */
#define CHECK_EQ(a, b)                                                                 \
	do {                                                                           \
		int utest_e_ = errno;                                                  \
		long long utest_a_ = (long long)(a), utest_b_ = (long long)(b);        \
		if (utest_a_ != utest_b_)                                              \
			utest_fail(__FILE__, __LINE__, utest_e_,                       \
				   "CHECK_EQ(%s, %s): %lld != %lld", #a, #b, utest_a_, \
				   utest_b_);                                          \
	} while (0)

#define CHECK_NE(a, b)                                                                 \
	do {                                                                           \
		int utest_e_ = errno;                                                  \
		long long utest_a_ = (long long)(a), utest_b_ = (long long)(b);        \
		if (utest_a_ == utest_b_)                                              \
			utest_fail(__FILE__, __LINE__, utest_e_,                       \
				   "CHECK_NE(%s, %s): both %lld", #a, #b, utest_a_);   \
	} while (0)

#define CHECK_STR_EQ(a, b)                                                             \
	do {                                                                           \
		const char *utest_a_ = (a), *utest_b_ = (b);                           \
		if (strcmp(utest_a_, utest_b_) != 0)                                   \
			utest_fail(__FILE__, __LINE__, errno,                          \
				   "CHECK_STR_EQ(%s, %s): \"%s\" != \"%s\"", #a, #b,   \
				   utest_a_, utest_b_);                                \
	} while (0)

/* call must fail with -1 and errno == err. */
#define CHECK_ERR(call, err)                                                           \
	do {                                                                           \
		errno = 0;                                                             \
		long utest_r_ = (long)(call);                                          \
		int utest_e_ = errno;                                                  \
		if (utest_r_ != -1 || utest_e_ != (err))                               \
			utest_fail(__FILE__, __LINE__, utest_e_,                       \
				   "%s returned %ld, expected -1 with %s", #call,      \
				   utest_r_, #err);                                    \
	} while (0)

/* call must not return -1; the expression's value is the call's result. */
#define CHECK_OK(call)                                                                 \
	({                                                                             \
		errno = 0;                                                             \
		long utest_r_ = (long)(call);                                          \
		if (utest_r_ == -1)                                                    \
			utest_fail(__FILE__, __LINE__, errno, "%s failed", #call);     \
		utest_r_;                                                              \
	})

/* ---- processes ---- */

/* fork() that fails the test if it cannot. */
#define utest_fork()                                                                   \
	({                                                                             \
		pid_t utest_p_ = fork();                                               \
		if (utest_p_ < 0)                                                      \
			utest_fail(__FILE__, __LINE__, errno, "fork failed");          \
		utest_p_;                                                              \
	})

/* Waits for child pid (retrying EINTR) and returns its wait status. */
#define utest_wait(pid)                                                                \
	({                                                                             \
		int utest_st_ = 0;                                                     \
		pid_t utest_w_;                                                        \
		do                                                                     \
			utest_w_ = waitpid((pid), &utest_st_, 0);                      \
		while (utest_w_ < 0 && errno == EINTR);                                \
		if (utest_w_ != (pid))                                                 \
			utest_fail(__FILE__, __LINE__, errno, "waitpid(%d) returned %d", \
				   (int)(pid), (int)utest_w_);                         \
		utest_st_;                                                             \
	})

/* Child pid must exit normally with status code. */
#define CHECK_CHILD_EXIT(pid, code)                                                    \
	do {                                                                           \
		int utest_s_ = utest_wait(pid);                                        \
		if (!WIFEXITED(utest_s_) || WEXITSTATUS(utest_s_) != (code))           \
			utest_fail(__FILE__, __LINE__, 0,                              \
				   "child %d: wait status 0x%x, expected exit %d",     \
				   (int)(pid), utest_s_, (int)(code));                 \
	} while (0)

/* Child pid must be killed by signal sig. */
#define CHECK_CHILD_SIGNAL(pid, sig)                                                   \
	do {                                                                           \
		int utest_s_ = utest_wait(pid);                                        \
		if (!WIFSIGNALED(utest_s_) || WTERMSIG(utest_s_) != (sig))             \
			utest_fail(__FILE__, __LINE__, 0,                              \
				   "child %d: wait status 0x%x, expected signal %d",   \
				   (int)(pid), utest_s_, (int)(sig));                  \
	} while (0)

/*
 * Has this process root's powers over the whole system (CAP_SYS_NICE,
 * CAP_SYSLOG, CAP_SYS_ADMIN over the host's names)? Root inside a user
 * namespace of its own, as in the Linux oracle's sandbox, has not: there
 * those calls fail as they do for any other user. A system without
 * /proc/self/ns has no user namespaces, so its root has them all.
 */
static UTEST_UNUSED int utest_system_root(void)
{
	char link[64];
	ssize_t n;

	if (geteuid() != 0)
		return 0;
	n = readlink("/proc/self/ns/user", link, sizeof(link) - 1);
	if (n < 0)
		return 1;
	link[n] = '\0';
	return strcmp(link, "user:[4026531837]") == 0;	/* the initial namespace */
}

/* ---- files ---- */

/* Creates path with mode (less the umask, 022 unless the test changed it),
 * or truncates it if it exists, and writes the string data to it. */
#define utest_write_file(path, data, mode)                                             \
	do {                                                                           \
		const char *utest_d_ = (data);                                         \
		int utest_fd_ = CHECK_OK(open((path), O_WRONLY | O_CREAT | O_TRUNC, (mode))); \
		CHECK_EQ(write(utest_fd_, utest_d_, strlen(utest_d_)),                 \
			 (long)strlen(utest_d_));                                      \
		CHECK_OK(close(utest_fd_));                                            \
	} while (0)


#endif /* UTEST_H */
