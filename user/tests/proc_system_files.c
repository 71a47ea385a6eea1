/* The system-wide files of /proc: meminfo, uptime, loadavg, stat,
 * version, filesystems, cpuinfo, mounts and the kernel sysctls agree
 * with what the process can learn otherwise (uname, sysinfo). */
#include "utest.h"
#include <sys/sysinfo.h>
#include <sys/utsname.h>

static char text[65536];

static char *read_file(const char *path)
{
	utest_read_file(path, text, sizeof(text));
	return text;
}

static unsigned long meminfo_kb(const char *key)
{
	char pat[64], *p;

	snprintf(pat, sizeof(pat), "%s:", key);
	p = strstr(text, pat);
	if (!p || (p != text && p[-1] != '\n'))
		utest_fail(__FILE__, __LINE__, 0, "no %s in meminfo", key);
	CHECK_MSG(strchr(p, '\n') && !strncmp(strchr(p, '\n') - 3, " kB", 3), "%.40s", p);
	return strtoul(p + strlen(pat), NULL, 10);
}

int main(int argc, char **argv)
{
	struct utsname u;
	struct sysinfo si;
	unsigned long total, free_;
	double up1, idle, up2;
	char line[256];

	utest_begin(argc, argv);
	CHECK_OK(uname(&u));
	CHECK_OK(sysinfo(&si));
	read_file("/proc/meminfo");
	CHECK(!strncmp(text, "MemTotal:", 9));
	total = meminfo_kb("MemTotal");
	free_ = meminfo_kb("MemFree");
	CHECK(total > 0 && free_ > 0 && free_ <= total);
	CHECK(meminfo_kb("MemAvailable") <= total);
	meminfo_kb("Cached");
	meminfo_kb("SwapTotal");
	CHECK_EQ(total, (unsigned long)((unsigned long long)si.totalram * si.mem_unit / 1024));
	/* uptime: two figures with two decimals, growing; idle comes second. */
	CHECK_EQ(sscanf(read_file("/proc/uptime"), "%lf %lf", &up1, &idle), 2);
	CHECK(strchr(text, '.') && text[strchr(text, '.') - text + 3] == ' ');
	CHECK(up1 > 0 && idle >= 0);
	usleep(30000);
	CHECK_EQ(sscanf(read_file("/proc/uptime"), "%lf", &up2), 1);
	CHECK(up2 >= up1);
	/* loadavg: "a b c running/total lastpid". */
	{
		double a, b, c;
		int run, all, last;

		CHECK_EQ(sscanf(read_file("/proc/loadavg"), "%lf %lf %lf %d/%d %d", &a, &b, &c, &run,
				&all, &last), 6);
		CHECK(run >= 1 && all >= run && last >= getpid());
	}
	read_file("/proc/stat");
	CHECK(!strncmp(text, "cpu  ", 5));
	CHECK(strstr(text, "\ncpu0 "));
	CHECK(strstr(text, "\nctxt "));
	CHECK(strstr(text, "\nbtime "));
	CHECK(strstr(text, "\nprocesses "));
	CHECK(strstr(text, "\nprocs_running "));
	read_file("/proc/version");
	snprintf(line, sizeof(line), "%s version %s ", u.sysname, u.release);
	CHECK_MSG(!strncmp(text, line, strlen(line)), "%s", text);
	read_file("/proc/filesystems");
	CHECK(strstr(text, "nodev\tproc\n"));
	CHECK(strstr(text, "nodev\ttmpfs\n"));
	read_file("/proc/cpuinfo");
	CHECK(!strncmp(text, "processor\t: 0\n", 14));
	snprintf(line, sizeof(line), "%s\n", u.nodename);
	CHECK_STR_EQ(read_file("/proc/sys/kernel/hostname"), line);
	snprintf(line, sizeof(line), "%s\n", u.release);
	CHECK_STR_EQ(read_file("/proc/sys/kernel/osrelease"), line);
	CHECK_STR_EQ(read_file("/proc/sys/kernel/ostype"), "Linux\n");
	CHECK(atoi(read_file("/proc/sys/kernel/pid_max")) > getpid());
	CHECK(atoi(read_file("/proc/sys/vm/overcommit_memory")) >= 0);
	/* /proc/mounts is self/mounts, and lists /proc. */
	{
		char buf[64];
		ssize_t n = CHECK_OK(readlink("/proc/mounts", buf, sizeof(buf) - 1));

		buf[n] = 0;
		CHECK_STR_EQ(buf, "self/mounts");
	}
	CHECK(strstr(read_file("/proc/mounts"), " /proc proc "));
	utest_pass();
}
