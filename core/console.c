/*
 * The console: one registered output device (the boot console until a real
 * driver registers) and the input side for the first terminal.
 *
 * Lock: console_lock (irq-saving) serializes writers; it is never taken by
 * the panicking CPU, which writes synchronously without it.
 */
#include <core/console.h>
#include <core/spinlock.h>
#include <core/panic.h>
#include <core/wait.h>
#include <mica/errno.h>
#include <arch/early_console.h>

static DEFINE_SPINLOCK(console_lock);
static struct console *active;
static bool panic_mode;
static struct wait_queue rx_wait = WAIT_QUEUE_INIT(rx_wait);
static unsigned long rx_events;	/* bumped by each rx interrupt */

void console_register(struct console *c)
{
	unsigned long flags = spin_lock_irqsave(&console_lock);

	active = c;
	spin_unlock_irqrestore(&console_lock, flags);
}

void console_write(const char *s, size_t n)
{
	unsigned long flags;

	if (panic_mode) {
		if (active)
			active->write_sync(active, s, n);
		else
			arch_early_console_write(s, n);
		return;
	}
	flags = spin_lock_irqsave(&console_lock);
	if (active)
		active->write(active, s, n);
	else
		arch_early_console_write(s, n);
	spin_unlock_irqrestore(&console_lock, flags);
}

void console_write_raw(const char *s, size_t n)
{
	unsigned long flags;

	if (panic_mode)
		return;	/* the panic report owns the console */
	flags = spin_lock_irqsave(&console_lock);
	if (active && active->write_raw)
		active->write_raw(active, s, n);
	else if (active)
		active->write(active, s, n);
	else
		arch_early_console_write(s, n);
	spin_unlock_irqrestore(&console_lock, flags);
}

void console_flush(void)
{
	if (active && active->flush)
		active->flush(active);
}

void console_panic_mode(void)
{
	panic_mode = true;
}

void console_rx_ready(void)
{
	__atomic_add_fetch(&rx_events, 1, __ATOMIC_RELEASE);
	wake_up_all(&rx_wait);
}

ssize_t console_read(char *buf, size_t n)
{
	int got;

	if (!active || !active->read)
		return -ENODEV;
	for (;;) {
		unsigned long seen = __atomic_load_n(&rx_events, __ATOMIC_ACQUIRE);

		got = active->read(active, buf, n);
		if (got != 0)
			return got;
		if (wait_event_interruptible(rx_wait,
					     __atomic_load_n(&rx_events, __ATOMIC_ACQUIRE) != seen))
			return -ERESTARTSYS;	/* a signal: EINTR or a restart */
	}
}
