/* MS_REMOUNT replaces a mount's flags (nosuid, nodev, noexec), keeps its
 * atime mode when none is given, and works only on a mount point. */
#include "utest.h"
#include <sys/mount.h>

static char text[65536];

/* The options of the mount on mp in /proc/self/mounts. */
static const char *options(const char *mp)
{
	static char opts[256];
	char *save;

	utest_read_file("/proc/self/mounts", text, sizeof(text));
	opts[0] = 0;
	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char src[256], dir[512], type[64];

		if (sscanf(l, "%255s %511s %63s %255s", src, dir, type, opts) == 4 && !strcmp(dir, mp))
			return opts;
	}
	utest_fail(__FILE__, __LINE__, 0, "no mount on %s", mp);
}

static int has(const char *opts, const char *word)
{
	char list[300], *save;

	snprintf(list, sizeof(list), "%s", opts);
	for (char *w = strtok_r(list, ",", &save); w; w = strtok_r(NULL, ",", &save))
		if (!strcmp(w, word))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	char real[PATH_MAX];
	const char *o;

	utest_begin(argc, argv);
	CHECK_OK(mkdir(utest_path("m"), 0755));
	CHECK(realpath(utest_path("m"), real));
	CHECK_OK(mount("none", real, "tmpfs", MS_NOSUID | MS_NOATIME, NULL));
	o = options(real);
	CHECK_MSG(has(o, "nosuid") && has(o, "noatime") && !has(o, "nodev"), "%s", o);
	CHECK_OK(mkdir(utest_path("m/sub"), 0755));
	CHECK_ERR(mount("none", utest_path("m/sub"), NULL, MS_REMOUNT | MS_NODEV, NULL), EINVAL);
	CHECK_OK(mount("none", real, NULL, MS_REMOUNT | MS_NODEV, NULL));
	o = options(real);
	CHECK_MSG(!has(o, "nosuid") && has(o, "nodev") && has(o, "noatime"), "%s", o);
	CHECK_OK(umount(real));
	utest_pass();
}
