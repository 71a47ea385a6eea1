/* /proc/self/maps lists a mapping the process made, with its exact range
 * and protection, and shows it split in three after an mprotect of its
 * middle page. */
#include "utest.h"

static char text[65536];

static void read_maps(void)
{
	utest_read_file("/proc/self/maps", text, sizeof(text));
}

/* The line for [start, end) with perms, anonymous ("00000000 00:00 0"). */
static int has_line(unsigned long start, unsigned long end, const char *perms)
{
	char want[128];

	snprintf(want, sizeof(want), "%08lx-%08lx %s 00000000 00:00 0", start, end, perms);
	for (char *l = text; *l;) {
		char *nl = strchr(l, '\n');

		if (!strncmp(l, want, strlen(want)) &&
		    (l[strlen(want)] == '\n' || l[strlen(want)] == ' '))
			return 1;
		if (!nl)
			break;
		l = nl + 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	long pg = sysconf(_SC_PAGESIZE);
	unsigned long a;
	char *p;

	utest_begin(argc, argv);
	/* Inaccessible pages on both sides keep it from merging with a neighbour. */
	p = mmap(NULL, 5 * pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	p += pg;
	CHECK(mmap(p, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
		   0) == p);
	a = (unsigned long)p;
	p[0] = 1;
	read_maps();
	CHECK_MSG(has_line(a, a + 3 * pg, "rw-p"), "no rw-p line for %lx in\n%s", a, text);
	CHECK_MSG(has_line(a - pg, a, "---p"), "no ---p line for %lx in\n%s", a - pg, text);
	CHECK_OK(mprotect(p + pg, pg, PROT_READ));
	read_maps();
	CHECK_MSG(has_line(a + pg, a + 2 * pg, "r--p"), "no r--p line for %lx in\n%s", a + pg, text);
	CHECK_MSG(strstr(text, "[stack]"), "no [stack] in\n%s", text);
	CHECK_OK(munmap(p - pg, 5 * pg));
	read_maps();
	CHECK(!has_line(a + pg, a + 2 * pg, "r--p"));
	utest_pass();
}
