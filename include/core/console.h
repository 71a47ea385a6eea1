/* The system console: printk's output and the first terminal's input. */
#ifndef CORE_CONSOLE_H
#define CORE_CONSOLE_H

#include <mica/types.h>

struct console {
	const char *name;
	/* May buffer; called with the console lock held, irqs off. */
	void (*write)(struct console *c, const char *s, size_t n);
	/* As write, but the bytes go out as given: no "\n" -> "\r\n" (the
	 * tty layer does its own output processing). */
	void (*write_raw)(struct console *c, const char *s, size_t n);
	/* Polled, unbuffered: for panic; drains anything buffered first. */
	void (*write_sync)(struct console *c, const char *s, size_t n);
	void (*flush)(struct console *c);	/* wait until all output is sent */
	int (*read)(struct console *c, char *buf, size_t n);	/* non-blocking */
};

void console_register(struct console *c);
void console_write(const char *s, size_t n);
/* Terminal output, already processed (OPOST): sent byte for byte. */
void console_write_raw(const char *s, size_t n);
void console_flush(void);
void console_panic_mode(void);	/* from now on write synchronously */
/* Blocking read of at least one byte from the console. */
ssize_t console_read(char *buf, size_t n);
/* Drivers call this from their rx interrupt. */
void console_rx_ready(void);

#endif
