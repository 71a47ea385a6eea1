/*
 * The guest-side test runner, run as init by `make test`:
 *   runner [--cases=FILE] [--tmp=DEVICE:FSTYPE] [VARIANT...]
 * First the smoke checks (busybox, a shell pipeline's exit status, lua),
 * then every test of /tests/cases.txt (or FILE) for each variant, one at
 * a time. --tmp mounts DEVICE (a disk file system) on /tmp first, where
 * the tests make their scratch directories, so that the file-system tests
 * run on it; a case line "name !vfat" skips name on that type. The file
 * system is unmounted at the end ("fs/umount"), so that it is clean.
 * Each test's "utest: PASS|FAIL name ..." lines are passed on with the
 * variant added to the name; a test that dies or exits non-zero without a
 * verdict is a failure. Tests named in /tests/xfail.txt (known not to work
 * on Mica yet) are reported as skipped when they fail, and as a failure
 * when they pass, so that the list is kept honest. Ends with
 * "utest: done P passed, F failed" and powers the machine off.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int passed, failed, skipped;
static char xfail[8192];

/* Unbuffered, so that lines interleave correctly with the tests' own. */
static void __attribute__((format(printf, 1, 2))) say(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > 0)
		write(1, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

/* Run argv with stdout on a pipe; collect up to size-1 bytes of output. */
static int run_capture(char *const argv[], char *out, size_t size, int *status)
{
	int fds[2];
	size_t got = 0;
	ssize_t n;
	pid_t pid;

	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		close(fds[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	while ((n = read(fds[0], out + got, size - 1 - got)) > 0 && got + n < size - 1)
		got += n;
	if (n > 0)
		got += n;
	/* Drain whatever is left so the child never blocks on a full pipe. */
	while (n > 0) {
		char sink[256];

		n = read(fds[0], sink, sizeof(sink));
	}
	out[got] = 0;
	close(fds[0]);
	return waitpid(pid, status, 0) == pid ? 0 : -1;
}

static void verdict(const char *name, int ok, const char *why)
{
	if (ok) {
		passed++;
		say("utest: PASS %s\n", name);
	} else {
		failed++;
		say("utest: FAIL %s %s\n", name, why);
	}
}

/* Run a busybox applet; true when it exits 0 and prints every word of want. */
static int applet_prints(char *const argv[], const char *const want[])
{
	char out[4096];
	int st;

	if (run_capture(argv, out, sizeof(out), &st) || !WIFEXITED(st) || WEXITSTATUS(st))
		return 0;
	for (int i = 0; want[i]; i++)
		if (!strstr(out, want[i]))
			return 0;
	return 1;
}

/* The /proc readers: ps, free, uptime and mount as on Linux. */
static void smoke_procfs(void)
{
	char *ps[] = { "/bin/busybox", "ps", NULL };
	char *free_[] = { "/bin/busybox", "free", NULL };
	char *uptime[] = { "/bin/busybox", "uptime", NULL };
	char *mount_[] = { "/bin/busybox", "mount", NULL };
	/* ps lists itself and the runner (pid 1) with a header. */
	const char *ps_want[] = { "PID", "COMMAND", "ps", "    1 ", NULL };
	const char *free_want[] = { "total", "used", "Mem:", "Swap:", NULL };
	const char *uptime_want[] = { " up ", "load average: ", NULL };
	const char *mount_want[] = { "proc on /proc type proc (rw", "on / type", NULL };

	verdict("smoke/busybox_ps", applet_prints(ps, ps_want), "busybox ps did not list itself and init");
	verdict("smoke/busybox_free", applet_prints(free_, free_want), "busybox free failed");
	verdict("smoke/busybox_uptime", applet_prints(uptime, uptime_want), "busybox uptime failed");
	verdict("smoke/busybox_mount", applet_prints(mount_, mount_want),
		"busybox mount did not list / and /proc");
}

/* Tests may read /proc: mount it as every Linux init does. */
static void mount_proc(void)
{
	mkdir("/proc", 0555);
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) && errno != EBUSY)
		say("runner: cannot mount /proc: %s\n", strerror(errno));
}

static void smoke(void)
{
	char out[4096];
	int st;
	char *ls[] = { "/bin/busybox", "ls", "-l", "/", NULL };
	char *pipeline[] = { "/bin/sh", "-c", "echo a | cat; exit 3", NULL };
	char *lua[] = { "/bin/lua", "/tmp/runner-smoke.lua", NULL };
	int fd;

	say("utest: start 7\n");
	verdict("smoke/busybox_ls", run_capture(ls, out, sizeof(out), &st) == 0 && WIFEXITED(st) &&
					    !WEXITSTATUS(st) && strstr(out, "bin") && strstr(out, "dev"),
		"busybox ls -l / failed");
	verdict("smoke/sh_pipeline_status",
		run_capture(pipeline, out, sizeof(out), &st) == 0 && WIFEXITED(st) &&
			WEXITSTATUS(st) == 3 && !strcmp(out, "a\n"),
		"sh -c 'echo a | cat; exit 3' did not print a and return 3");
	fd = open("/tmp/runner-smoke.lua", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		const char *script = "local t = {} for i = 1, 10 do t[i] = i * i end print(t[10] + 1)\n";

		write(fd, script, strlen(script));
		close(fd);
	}
	verdict("smoke/lua_script", run_capture(lua, out, sizeof(out), &st) == 0 && WIFEXITED(st) &&
					    !WEXITSTATUS(st) && !strcmp(out, "101\n"),
		"lua did not run the script");
	unlink("/tmp/runner-smoke.lua");
	smoke_procfs();
}

/* Listed in xfail.txt as "name" (every variant) or "variant/name"? */
static int is_xfail(const char *variant, const char *name)
{
	char want[256];
	const char *p = xfail;

	snprintf(want, sizeof(want), "%s/%s", variant, name);
	while (*p) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r'))
			len--;
		if ((len == strlen(name) && !strncmp(p, name, len)) ||
		    (len == strlen(want) && !strncmp(p, want, len)))
			return 1;
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

static void run_case(const char *variant, const char *name)
{
	char path[256], full[300], out[8192], *line, *save;
	char *argv[] = { path, NULL };
	int st, saw_pass = 0, saw_fail = 0, xf = is_xfail(variant, name);
	struct stat sb;

	snprintf(path, sizeof(path), "/tests/%s/%s", variant, name);
	snprintf(full, sizeof(full), "%s/%s", variant, name);
	if (stat(path, &sb)) {
		failed++;
		say("utest: FAIL %s missing %s\n", full, path);
		return;
	}
	if (run_capture(argv, out, sizeof(out), &st)) {
		failed++;
		say("utest: FAIL %s could not run\n", full);
		return;
	}
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "utest: PASS ", 12))
			saw_pass = 1;
		else if (!strncmp(line, "utest: FAIL ", 12)) {
			saw_fail = 1;
			if (!xf)
				say("  %s: %s\n", full, line + 12);
		}
	}
	if (saw_pass && !saw_fail && WIFEXITED(st) && !WEXITSTATUS(st)) {
		if (xf) {
			failed++;
			say("utest: FAIL %s passes now: remove it from /tests/xfail.txt\n", full);
		} else {
			passed++;
			say("utest: PASS %s\n", full);
		}
		return;
	}
	if (xf) {
		skipped++;
		say("utest: SKIP %s known failure on Mica (xfail list)\n", full);
		return;
	}
	failed++;
	if (WIFSIGNALED(st))
		say("utest: FAIL %s killed by signal %s\n", full, strsignal(WTERMSIG(st)));
	else
		say("utest: FAIL %s exit status %s\n", full, saw_fail ? "(failed)" : "without verdict");
}

/* Does the rest of a case line (after the name) exclude this fstype? */
static int excluded(const char *rest, const char *fstype)
{
	size_t len = strlen(fstype);

	for (const char *p = rest; fstype[0] && (p = strchr(p, '!')); p++)
		if (!strncmp(p + 1, fstype, len) &&
		    (p[1 + len] == 0 || p[1 + len] == ' ' || p[1 + len] == '\t'))
			return 1;
	return 0;
}

/* The test a case line names (cut in place), or NULL: a comment, a blank
 * line, or a case excluded on fstype. */
static const char *parse_case(char *line, const char *fstype)
{
	char *hash = strchr(line, '#'), *rest;

	if (hash)
		*hash = 0;
	while (*line == ' ' || *line == '\t')
		line++;
	rest = line + strcspn(line, " \t");
	if (*rest)
		*rest++ = 0;
	return *line && !excluded(rest, fstype) ? line : NULL;
}

/* --tmp=DEVICE:FSTYPE: mount it on /tmp; 0 or -1 (said as a failure). */
static int mount_tmp(char *spec, char *fstype, size_t size)
{
	char *colon = strrchr(spec, ':');

	if (!colon) {
		say("utest: FAIL fs/mount bad --tmp=%s\n", spec);
		return -1;
	}
	*colon = 0;
	snprintf(fstype, size, "%s", colon + 1);
	mkdir("/tmp", 01777);
	if (mount(spec, "/tmp", fstype, 0, NULL)) {
		say("utest: FAIL fs/mount %s on /tmp as %s: %s\n", spec, fstype, strerror(errno));
		return -1;
	}
	say("utest: PASS fs/mount\n");
	return 0;
}

int main(int argc, char **argv)
{
	static const char *all[] = { "musl-static", "musl-dynamic", "glibc-static", "glibc-dynamic" };
	static char cases[65536];
	const char *cases_path = "/tests/cases.txt";
	char fstype[32] = "";
	int fd, n, ncases = 0, nvariants, first = 1;

	mount_proc();
	for (; first < argc && !strncmp(argv[first], "--", 2); first++) {
		if (!strncmp(argv[first], "--cases=", 8)) {
			cases_path = argv[first] + 8;
		} else if (!strncmp(argv[first], "--tmp=", 6)) {
			if (mount_tmp(argv[first] + 6, fstype, sizeof(fstype)))
				failed++;
			else
				passed++;
		} else {
			say("utest: FAIL runner unknown option %s\n", argv[first]);
			failed++;
		}
	}
	nvariants = argc > first ? argc - first : 4;
	smoke();
	fd = open("/tests/xfail.txt", O_RDONLY);
	if (fd >= 0) {
		n = read(fd, xfail, sizeof(xfail) - 1);
		xfail[n > 0 ? n : 0] = 0;
		close(fd);
	}
	fd = open(cases_path, O_RDONLY);
	n = fd >= 0 ? read(fd, cases, sizeof(cases) - 1) : 0;
	cases[n > 0 ? n : 0] = 0;
	{
		char *copy = strdup(cases), *save;

		for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
			if (parse_case(line, fstype))
				ncases++;
		free(copy);
	}
	say("utest: start %d\n", ncases * nvariants);
	for (int v = 0; v < nvariants; v++) {
		const char *variant = argc > first ? argv[v + first] : all[v];
		char *copy = strdup(cases), *save, *line;

		for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			const char *name = parse_case(line, fstype);

			if (name)
				run_case(variant, name);
		}
		free(copy);
	}
	if (fstype[0]) {
		sync();
		if (umount("/tmp")) {
			failed++;
			say("utest: FAIL fs/umount /tmp: %s\n", strerror(errno));
		} else {
			passed++;
			say("utest: PASS fs/umount\n");
		}
	}
	say("utest: done %d passed, %d failed\n", passed, failed);
	sync();
	reboot(RB_POWER_OFF);
	return failed != 0;
}
