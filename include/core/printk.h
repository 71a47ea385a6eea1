/* Kernel log output to the console, filtered by the loglevel= parameter. */
#ifndef CORE_PRINTK_H
#define CORE_PRINTK_H

#include <mica/compiler.h>
#include <mica/types.h>

#define LOG_EMERG 0
#define LOG_ERR 3
#define LOG_WARN 4
#define LOG_NOTICE 5
#define LOG_INFO 6
#define LOG_DEBUG 7

extern int console_loglevel;	/* messages below this level are printed */

__printf(2, 3) void printk(int level, const char *fmt, ...);

/*
 * The log ring: every message, "<level>[time] text", whatever the console
 * shows. For syslog(2); each takes the ring's lock (interrupts off).
 */
#define LOG_BUF_LEN (1 << 16)
/* The newest whole lines since the last log_clear() that fit in len
 * bytes (clear: then clear). Bytes copied. */
size_t log_read_all(char *buf, size_t len, bool clear);
/* Up to len bytes not read yet by log_read, consumed. Bytes copied. */
size_t log_read(char *buf, size_t len);
size_t log_unread(void);	/* what log_read would return now */
void log_clear(void);
void vprintk(int level, const char *fmt, va_list ap);

#define pr_err(...) printk(LOG_ERR, __VA_ARGS__)
#define pr_warn(...) printk(LOG_WARN, __VA_ARGS__)
#define pr_notice(...) printk(LOG_NOTICE, __VA_ARGS__)
#define pr_info(...) printk(LOG_INFO, __VA_ARGS__)
#define pr_debug(...) printk(LOG_DEBUG, __VA_ARGS__)

#endif
