/* /proc/self/mounts and /proc/mounts list a new mount as Linux does:
 * "source mountpoint type options 0 0", with nosuid/nodev/noexec among
 * the options when asked; the line goes with umount. A second proc
 * mounted elsewhere shows the same processes. */
#include "utest.h"
#include <sys/mount.h>

static char text[65536];

static char *read_file(const char *path)
{
	utest_read_file(path, text, sizeof(text));
	return text;
}

/* The line that mounts something on mp, or NULL. */
static char *line_for(const char *mp)
{
	static char line[1024];
	char *save, *copy = strdup(text);

	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char src[256], dir[512];

		if (sscanf(l, "%255s %511s", src, dir) == 2 && !strcmp(dir, mp)) {
			snprintf(line, sizeof(line), "%s", l);
			free(copy);
			return line;
		}
	}
	free(copy);
	return NULL;
}

int main(int argc, char **argv)
{
	char real[PATH_MAX], want[PATH_MAX + 64], pidpath[PATH_MAX + 32], *l;

	utest_begin(argc, argv);
	CHECK_OK(mkdir(utest_path("m"), 0755));
	CHECK(realpath(utest_path("m"), real));
	CHECK_OK(mount("mica-test-src", real, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL));
	read_file("/proc/self/mounts");
	l = line_for(real);
	snprintf(want, sizeof(want), "mica-test-src %s tmpfs rw,nosuid,nodev,noexec", real);
	CHECK_MSG(l && !strncmp(l, want, strlen(want)), "line %s", l ? l : "(none)");
	CHECK_MSG(!strcmp(l + strlen(l) - 4, " 0 0"), "line %s", l);
	read_file("/proc/mounts");
	CHECK(line_for(real));
	/* A proc on top of the tmpfs: its own instance, the same processes. */
	CHECK_OK(mount("proc", real, "proc", 0, NULL));
	read_file("/proc/self/mounts");
	snprintf(want, sizeof(want), "proc %s proc rw", real);
	CHECK(strstr(text, want));
	snprintf(pidpath, sizeof(pidpath), "%s/%d/stat", real, (int)getpid());
	CHECK_OK(access(pidpath, R_OK));
	CHECK_OK(umount(real));
	CHECK_OK(umount(real));
	read_file("/proc/self/mounts");
	CHECK(!line_for(real));
	utest_pass();
}
