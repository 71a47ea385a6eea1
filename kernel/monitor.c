/*
 * A small line-oriented monitor on the console, the main job of the
 * kernel until user space exists: it shows what the kernel knows and
 * runs the self tests on demand.
 */
#include <kernel/init.h>
#include <kernel/ktest.h>
#include <kernel/sched.h>
#include <core/console.h>
#include <core/cpu.h>
#include <core/kmalloc.h>
#include <core/mm.h>
#include <core/panic.h>
#include <core/printk.h>
#include <arch/power.h>
#include <lib/printf.h>
#include <lib/string.h>

static void say(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	console_write(buf, MIN((size_t)n, sizeof(buf) - 1));
}

static size_t read_line(char *buf, size_t size)
{
	size_t len = 0;

	for (;;) {
		char c;

		if (console_read(&c, 1) != 1)
			continue;
		if (c == '\r' || c == '\n') {
			say("\r\n");
			buf[len] = 0;
			return len;
		}
		if ((c == 0x7f || c == '\b') && len) {
			len--;
			say("\b \b");
		} else if (c >= ' ' && c < 0x7f && len + 1 < size) {
			buf[len++] = c;
			console_write(&c, 1);
		}
	}
}

static void show_cpus(void)
{
	for_each_online_cpu(c)
		say("cpu%u: hart %lu, %llu interrupts, %u queued\n", c, cpus[c].hwid,
		    (unsigned long long)cpus[c].irq_count, sched_nr_queued(c));
}

void kernel_monitor(void)
{
	char line[128];

	say("No user space yet: this is the kernel monitor. Type 'help'.\n");
	for (;;) {
		say("mica> ");
		read_line(line, sizeof(line));
		if (!strcmp(line, "help"))
			say("help, mem, cpus, ktest [names], panic, poweroff, reboot\n");
		else if (!strcmp(line, "mem"))
			say("%lu KiB free of %lu KiB, %lu heap objects\n",
			    frame_free_count() * (PAGE_SIZE / 1024),
			    frame_total_count() * (PAGE_SIZE / 1024), kmalloc_active_objects());
		else if (!strcmp(line, "cpus"))
			show_cpus();
		else if (!strncmp(line, "ktest", 5) && (line[5] == 0 || line[5] == ' '))
			ktest_run(line[5] ? line + 6 : NULL);
		else if (!strcmp(line, "panic"))
			panic("requested from the monitor");	/* like sysrq-c: shows the panic path */
		else if (!strcmp(line, "poweroff"))
			arch_poweroff();
		else if (!strcmp(line, "reboot"))
			arch_reboot();
		else if (line[0])
			say("unknown command: %s\n", line);
	}
}
