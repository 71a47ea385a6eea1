/*
 * System call dispatch through the generated table, and the tracer: with
 * trace= on the command line every call is printed like strace does
 * (trace=all, or trace=name,name).
 */
#include <kernel/syscall.h>
#include <kernel/entry.h>
#include <kernel/init.h>
#include <kernel/sched.h>
#include <core/printk.h>
#include <arch/trap.h>
#include <lib/printf.h>
#include <lib/string.h>

static atomic_long_t enosys_calls;
static const char *trace_filter;	/* NULL: tracing off */

u64 syscall_enosys_count(void)
{
	return atomic_long_read(&enosys_calls);
}

void syscall_trace_init(void)
{
	trace_filter = cmdline_get(&kernel_cmdline, "trace");
}

static bool traced(const char *name)
{
	size_t n = strlen(name);

	if (!trace_filter)
		return false;
	if (!*trace_filter || !strcmp(trace_filter, "all"))
		return true;
	for (const char *p = trace_filter; p; p = strchr(p, ',')) {
		if (*p == ',')
			p++;
		if (!strncmp(p, name, n) && (p[n] == ',' || !p[n]))
			return true;
	}
	return false;
}

static int format_arg(char *buf, size_t size, u8 kind, unsigned long v)
{
	switch (kind) {
	case SC_ARG_INT:
	case SC_ARG_FD:
	case SC_ARG_PID:
		return snprintf(buf, size, "%d", (int)v);
	case SC_ARG_UINT:
	case SC_ARG_SIZE:
		return snprintf(buf, size, "%lu", v);
	case SC_ARG_LONG:
		return snprintf(buf, size, "%ld", (long)v);
	case SC_ARG_MODE:
		return snprintf(buf, size, "0%lo", v);
	case SC_ARG_STR: {
		char s[48];
		long len = strncpy_from_user(s, v, sizeof(s));

		if (len < 0 && len != -ENAMETOOLONG)
			return snprintf(buf, size, "%#lx", v);
		return snprintf(buf, size, "\"%s\"%s", s, len < 0 ? "..." : "");
	}
	default:
		return snprintf(buf, size, "%#lx", v);
	}
}

static void trace_call(const struct syscall_desc *d, const unsigned long *args, long ret)
{
	char line[256];
	int n = snprintf(line, sizeof(line), "[%d] %s(", current->tid, d->name);

	for (int i = 0; i < d->nargs && n < (int)sizeof(line); i++) {
		n += format_arg(line + n, sizeof(line) - n, d->kinds[i], args[i]);
		if (i + 1 < d->nargs && n < (int)sizeof(line))
			n += snprintf(line + n, sizeof(line) - n, ", ");
	}
	if (n < (int)sizeof(line))
		snprintf(line + n, sizeof(line) - n, ") = %ld", ret);
	printk(LOG_EMERG, "%s\n", line);
}

void do_syscall(struct trapframe *tf)
{
	unsigned long nr = arch_syscall_nr(tf), args[6];
	const struct syscall_desc *d = nr < NR_SYSCALLS ? &syscall_table[nr] : NULL;
	long ret;

	for (int i = 0; i < 6; i++)
		args[i] = arch_syscall_arg(tf, i);
	if (!d || !d->fn) {
		atomic_long_add(&enosys_calls, 1);
		if (trace_filter)
			printk(LOG_EMERG, "[%d] syscall_%lu(...) = -ENOSYS\n", current->tid, nr);
		arch_syscall_set_return(tf, -ENOSYS);
		return;
	}
	ret = d->fn(args);
	if (traced(d->name))
		trace_call(d, args, ret);
	arch_syscall_set_return(tf, ret);
}
