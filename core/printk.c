/*
 * printk: format a message and hand it to the console in one piece, with a
 * "[seconds.micro] " time stamp. Messages of several CPUs never interleave
 * within a line because each is written under the console lock.
 */
#include <core/printk.h>
#include <core/console.h>
#include <core/clock.h>
#include <lib/printf.h>

int console_loglevel = LOG_INFO + 1;

void vprintk(int level, const char *fmt, va_list ap)
{
	char buf[512];
	int n = 0;
	u64 ns;

	if (level >= console_loglevel)
		return;
	ns = clock_freq ? clock_ns() : 0;
	n = snprintf(buf, sizeof(buf), "[%5llu.%06llu] ", (unsigned long long)(ns / NSEC_PER_SEC),
		     (unsigned long long)(ns % NSEC_PER_SEC / NSEC_PER_USEC));
	n += vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	console_write(buf, n);
}

void printk(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(level, fmt, ap);
	va_end(ap);
}
