/*
 * The self-test runner. Every test also has to give back what it took:
 * after each one the heap objects in use and the number of live tasks
 * must be what they were before.
 */
#include <kernel/block.h>
#include <kernel/ktest.h>
#include <kernel/sched.h>
#include <core/kmalloc.h>
#include <core/printk.h>
#include <core/clock.h>
#include <lib/printf.h>
#include <lib/string.h>

extern const struct ktest __ktests_start[], __ktests_end[];

static char fail_msg[256];
static char skip_msg[128];

void ktest_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(skip_msg, sizeof(skip_msg), fmt, ap);
	va_end(ap);
}

void ktest_fail(const char *file, int line, const char *fmt, ...)
{
	char what[192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (!fail_msg[0])
		snprintf(fail_msg, sizeof(fail_msg), "%s:%d: %s", file, line, what);
}

static bool selected(const char *filter, const char *name)
{
	size_t n = strlen(name);

	if (!filter || !*filter)
		return true;
	for (const char *p = filter; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == n && !strncmp(p, name, n))
			return true;
		if (!end)
			break;
		p = end + 1;
	}
	return false;
}

int ktest_run(const char *filter)
{
	int total = 0, passed = 0, failed = 0, skipped = 0;

	/* Boot work that allocates in the background (reading partition
	 * tables) ends first, or a test would see its objects as a leak. */
	block_wait_scans();
	for (const struct ktest *t = __ktests_start; t < __ktests_end; t++)
		total += selected(filter, t->name);
	printk(LOG_EMERG, "ktest: start %d\n", total);
	for (const struct ktest *t = __ktests_start; t < __ktests_end; t++) {
		unsigned long objs, tasks;
		u64 t0;
		int err;

		if (!selected(filter, t->name))
			continue;
		fail_msg[0] = 0;
		skip_msg[0] = 0;
		objs = kmalloc_active_objects();
		tasks = sched_live_tasks();
		t0 = clock_ns();
		err = t->fn();
		if (!err && kmalloc_active_objects() != objs)
			ktest_fail(__FILE__, __LINE__, "leaked %ld heap objects",
				   (long)(kmalloc_active_objects() - objs));
		if (!err && sched_live_tasks() != tasks)
			ktest_fail(__FILE__, __LINE__, "leaked %ld tasks",
				   (long)(sched_live_tasks() - tasks));
		if (err == KTEST_SKIP && !fail_msg[0]) {
			skipped++;
			printk(LOG_EMERG, "ktest: SKIP %s %s\n", t->name, skip_msg);
		} else if (err || fail_msg[0]) {
			failed++;
			printk(LOG_EMERG, "ktest: FAIL %s %s\n", t->name,
			       fail_msg[0] ? fail_msg : "returned an error");
		} else {
			passed++;
			printk(LOG_EMERG, "ktest: PASS %s (%llu ms)\n", t->name,
			       (unsigned long long)((clock_ns() - t0) / NSEC_PER_MSEC));
		}
	}
	if (skipped)
		printk(LOG_EMERG, "ktest: done %d passed, %d failed, %d skipped\n", passed, failed,
		       skipped);
	else
		printk(LOG_EMERG, "ktest: done %d passed, %d failed\n", passed, failed);
	return failed;
}
