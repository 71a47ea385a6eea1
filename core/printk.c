/*
 * printk: format a message and hand it to the console in one piece, with a
 * "[seconds.micro] " time stamp. Messages of several CPUs never interleave
 * within a line because each is written under the console lock.
 *
 * Every message, printed or not (loglevel= filters only the console), is
 * also kept in the log ring that syslog(2) and dmesg read, as Linux keeps
 * it: "<level>[seconds.micro] text". When the ring is full the oldest
 * whole lines make room.
 */
#include <core/printk.h>
#include <core/console.h>
#include <core/clock.h>
#include <core/cpu.h>
#include <core/spinlock.h>
#include <lib/printf.h>
#include <lib/string.h>

int console_loglevel = LOG_INFO + 1;

/*
 * The ring. Positions count every byte ever logged; byte pos lives at
 * log_buf[pos % LOG_BUF_LEN]. [log_first, log_head) is what is kept,
 * log_first always at the start of a line.
 */
static char log_buf[LOG_BUF_LEN];
static u64 log_head, log_first;	/* [log_lock] */
static u64 log_read_pos;	/* [log_lock] syslog READ: consumed up to here */
static u64 log_clear_pos;	/* [log_lock] syslog CLEAR: READ_ALL starts here */
static DEFINE_SPINLOCK(log_lock);

static char log_byte(u64 pos)
{
	return log_buf[pos % LOG_BUF_LEN];
}

/*
 * Take log_lock with interrupts off. A CPU stopped by a panic elsewhere
 * may hold it for ever: after a generous wait the message is only printed.
 */
static bool log_lock_irqsave(unsigned long *flags)
{
	*flags = local_irq_save();
	for (unsigned long i = 0; i < (1UL << 22); i++) {
		if (spin_trylock(&log_lock))
			return true;
		cpu_relax();
	}
	local_irq_restore(*flags);
	return false;
}

static void log_unlock_irqrestore(unsigned long flags)
{
	spin_unlock(&log_lock);
	local_irq_restore(flags);
}

/* Append n bytes (n <= LOG_BUF_LEN / 2), dropping the oldest lines. */
static void log_store(const char *s, size_t n)
{
	unsigned long flags;

	if (!log_lock_irqsave(&flags))
		return;
	while (log_head + n - log_first > LOG_BUF_LEN) {
		while (log_first < log_head && log_byte(log_first) != '\n')
			log_first++;
		if (log_first < log_head)
			log_first++;	/* past the newline */
	}
	for (size_t i = 0; i < n; i++)
		log_buf[(log_head + i) % LOG_BUF_LEN] = s[i];
	log_head += n;
	log_unlock_irqrestore(flags);
}

/* Copy [from, to) of the ring out; returns to - from. log_lock held. */
static size_t log_copy(char *buf, u64 from, u64 to)
{
	for (u64 p = from; p < to; p++)
		buf[p - from] = log_byte(p);
	return (size_t)(to - from);
}

size_t log_read_all(char *buf, size_t len, bool clear)
{
	unsigned long flags;
	u64 start;
	size_t n;

	if (!log_lock_irqsave(&flags))
		return 0;
	start = MAX(log_first, log_clear_pos);
	/* The newest whole lines that fit. */
	while (log_head - start > len) {
		while (start < log_head && log_byte(start) != '\n')
			start++;
		if (start < log_head)
			start++;
	}
	n = log_copy(buf, start, log_head);
	if (clear)
		log_clear_pos = log_head;
	log_unlock_irqrestore(flags);
	return n;
}

size_t log_read(char *buf, size_t len)
{
	unsigned long flags;
	u64 start;
	size_t n;

	if (!log_lock_irqsave(&flags))
		return 0;
	start = MAX(log_first, log_read_pos);
	n = log_copy(buf, start, start + MIN((u64)len, log_head - start));
	log_read_pos = start + n;
	log_unlock_irqrestore(flags);
	return n;
}

size_t log_unread(void)
{
	unsigned long flags;
	size_t n;

	if (!log_lock_irqsave(&flags))
		return 0;
	n = (size_t)(log_head - MAX(log_first, log_read_pos));
	log_unlock_irqrestore(flags);
	return n;
}

void log_clear(void)
{
	unsigned long flags;

	if (!log_lock_irqsave(&flags))
		return;
	log_clear_pos = log_head;
	log_unlock_irqrestore(flags);
}

void vprintk(int level, const char *fmt, va_list ap)
{
	char buf[512];
	int n, prefix;
	u64 ns;

	/* "<level>" for the ring, then the line the console shows. */
	prefix = snprintf(buf, sizeof(buf), "<%d>", level);
	ns = clock_freq ? clock_ns() : 0;
	n = prefix + snprintf(buf + prefix, sizeof(buf) - prefix, "[%5llu.%06llu] ",
			      (unsigned long long)(ns / NSEC_PER_SEC),
			      (unsigned long long)(ns % NSEC_PER_SEC / NSEC_PER_USEC));
	n += vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	log_store(buf, n);
	if (level < console_loglevel)
		console_write(buf + prefix, n - prefix);
}

void printk(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(level, fmt, ap);
	va_end(ap);
}
