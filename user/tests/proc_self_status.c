/* /proc/self/status: the name /proc/self/comm shows, the state, ids and
 * credentials the process knows, and the memory and signal lines in
 * Linux's format. */
#include "utest.h"

static char text[8192];

/* The value after "Key:\t" up to the end of its line. */
static const char *field(const char *key)
{
	static char val[256];
	char pat[64];
	const char *p, *e;

	snprintf(pat, sizeof(pat), "\n%s:\t", key);
	p = strstr(text, pat);
	if (!p && !strncmp(text, pat + 1, strlen(pat) - 1))
		p = text - 1;
	if (!p)
		utest_fail(__FILE__, __LINE__, 0, "no %s line", key);
	p += strlen(pat);
	e = strchr(p, '\n');
	snprintf(val, sizeof(val), "%.*s", (int)(e ? e - p : (long)strlen(p)), p);
	return val;
}

int main(int argc, char **argv)
{
	char comm[64], want[128];
	const char *v;

	utest_begin(argc, argv);
	utest_read_file("/proc/self/comm", comm, sizeof(comm));
	CHECK(strchr(comm, '\n'));
	*strchr(comm, '\n') = 0;
	utest_read_file("/proc/self/status", text, sizeof(text));
	CHECK_STR_EQ(field("Name"), comm);
	CHECK_STR_EQ(field("State"), "R (running)");
	CHECK_STR_EQ(field("Umask"), "0022");	/* utest_begin sets it */
	CHECK_EQ(atoi(field("Tgid")), getpid());
	CHECK_EQ(atoi(field("Pid")), getpid());
	CHECK_EQ(atoi(field("PPid")), getppid());
	snprintf(want, sizeof(want), "%u\t%u\t%u\t%u", getuid(), geteuid(), geteuid(), geteuid());
	CHECK_STR_EQ(field("Uid"), want);
	snprintf(want, sizeof(want), "%u\t%u\t%u\t%u", getgid(), getegid(), getegid(), getegid());
	CHECK_STR_EQ(field("Gid"), want);
	v = field("VmRSS");
	CHECK_MSG(strlen(v) >= 11 && !strcmp(v + strlen(v) - 3, " kB") && atol(v) > 0, "VmRSS %s", v);
	CHECK(atol(field("VmSize")) >= atol(field("VmRSS")));
	CHECK(atol(field("VmStk")) > 0);
	CHECK(atoi(field("Threads")) >= 1);
	v = field("SigBlk");
	CHECK_MSG(strlen(v) == 16 && strspn(v, "0123456789abcdef") == 16, "SigBlk %s", v);
	CHECK_EQ(strlen(field("CapEff")), 16);
	CHECK(strstr(text, "\nCpus_allowed_list:\t"));
	utest_pass();
}
