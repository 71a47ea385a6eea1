/*
 * 16550 UART console, interrupt driven both ways: output goes into a ring
 * that the transmit-empty interrupt drains 16 bytes (one FIFO) at a time,
 * input is collected by the receive interrupt into a ring that readers
 * take from. When the output ring is full the writer drains it by polling
 * rather than drop anything. Its registers are memory-mapped (device tree)
 * or in the I/O port space (a PC's COM1).
 *
 * Lock: uart.lock (irq-saving) guards both rings and IER; it nests inside
 * the console lock.
 */
#include <core/console.h>
#include <core/device.h>
#include <core/irq.h>
#include <core/spinlock.h>
#include <arch/io.h>
#include <mica/errno.h>

#define RBR 0
#define THR 0
#define IER 1
#define FCR 2
#define LCR 3
#define MCR 4
#define LSR 5
#define IER_RDI 0x01
#define IER_THRI 0x02
#define LSR_DR 0x01
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
#define FIFO_SIZE 16
#define TX_RING 8192
#define RX_RING 1024

struct uart {
	u8 *regs;		/* memory-mapped registers, or NULL */
	unsigned long port;	/* first I/O port when regs is NULL */
	u32 shift;
	u8 ier;
	spinlock_t lock;
	char tx[TX_RING];
	unsigned int tx_head, tx_tail;	/* free-running counters */
	char rx[RX_RING];
	unsigned int rx_head, rx_tail;
	struct console console;
};

static struct uart uart;

static u8 reg_rd(unsigned int r)
{
	if (!uart.regs)
		return pio_read8(uart.port + (r << uart.shift));
	return mmio_read8(uart.regs + (r << uart.shift));
}

static void reg_wr(unsigned int r, u8 v)
{
	if (!uart.regs)
		pio_write8(uart.port + (r << uart.shift), v);
	else
		mmio_write8(uart.regs + (r << uart.shift), v);
}

static void set_ier(u8 ier)
{
	uart.ier = ier;
	reg_wr(IER, ier);
}

/* Move ring bytes into the FIFO while it has room. uart.lock held. */
static void tx_pump_locked(void)
{
	if (!(reg_rd(LSR) & LSR_THRE))
		return;
	for (int n = 0; n < FIFO_SIZE && uart.tx_tail != uart.tx_head; n++)
		reg_wr(THR, uart.tx[uart.tx_tail++ % TX_RING]);
	if (uart.tx_tail != uart.tx_head)
		set_ier(uart.ier | IER_THRI);
	else if (uart.ier & IER_THRI)
		set_ier(uart.ier & ~IER_THRI);
}

static void tx_push_locked(char c)
{
	while (uart.tx_head - uart.tx_tail == TX_RING) {
		while (!(reg_rd(LSR) & LSR_THRE))
			;
		tx_pump_locked();
	}
	uart.tx[uart.tx_head++ % TX_RING] = c;
}

/* Queue n bytes; crlf: a newline goes out as "\r\n" (printk's output). */
static void uart_queue(const char *s, size_t n, bool crlf)
{
	unsigned long flags = spin_lock_irqsave(&uart.lock);

	for (size_t i = 0; i < n; i++) {
		if (crlf && s[i] == '\n')
			tx_push_locked('\r');
		tx_push_locked(s[i]);
	}
	tx_pump_locked();
	spin_unlock_irqrestore(&uart.lock, flags);
}

static void uart_write(struct console *con, const char *s, size_t n)
{
	(void)con;
	uart_queue(s, n, true);
}

static void uart_write_raw(struct console *con, const char *s, size_t n)
{
	(void)con;
	uart_queue(s, n, false);
}

static void put_polled(char c)
{
	while (!(reg_rd(LSR) & LSR_THRE))
		;
	reg_wr(THR, c);
}

/* Panic path: no locks, nothing lost: flush the ring first. */
static void uart_write_sync(struct console *con, const char *s, size_t n)
{
	(void)con;
	while (uart.tx_tail != uart.tx_head)
		put_polled(uart.tx[uart.tx_tail++ % TX_RING]);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			put_polled('\r');
		put_polled(s[i]);
	}
}

static void uart_flush(struct console *con)
{
	unsigned long flags = spin_lock_irqsave(&uart.lock);

	(void)con;
	while (uart.tx_tail != uart.tx_head) {
		while (!(reg_rd(LSR) & LSR_THRE))
			;
		tx_pump_locked();
	}
	while (!(reg_rd(LSR) & LSR_TEMT))
		;
	spin_unlock_irqrestore(&uart.lock, flags);
}

static int uart_read(struct console *con, char *buf, size_t n)
{
	unsigned long flags = spin_lock_irqsave(&uart.lock);
	size_t got = 0;

	(void)con;
	while (got < n && uart.rx_tail != uart.rx_head)
		buf[got++] = uart.rx[uart.rx_tail++ % RX_RING];
	spin_unlock_irqrestore(&uart.lock, flags);
	return (int)got;
}

static void uart_irq(unsigned int irq, void *data)
{
	bool input = false;

	(void)irq;
	(void)data;
	spin_lock(&uart.lock);
	while (reg_rd(LSR) & LSR_DR) {
		char c = (char)reg_rd(RBR);

		/* A full ring drops the newest byte, as a terminal would. */
		if (uart.rx_head - uart.rx_tail < RX_RING)
			uart.rx[uart.rx_head++ % RX_RING] = c;
		input = true;
	}
	tx_pump_locked();
	spin_unlock(&uart.lock);
	if (input)
		console_rx_ready();
}

/* Where the registers are and the interrupt line of dev. */
static int uart_resources(struct dt_device *dev, int *irq)
{
	if (dev->plat) {
		if (!dev->plat->io_port || dev->plat->irq <= 0)
			return -EINVAL;
		uart.port = dev->plat->io_port;
		uart.shift = 0;
		*irq = dev->plat->irq;
		return 0;
	}
	if (fdt_prop_u32(dev->fdt, dev->node, "reg-shift", &uart.shift))
		uart.shift = 0;
	*irq = dt_device_irq(dev, 0);
	if (*irq <= 0)
		return -EINVAL;
	uart.regs = dt_device_ioremap(dev, 0, NULL);
	if (!uart.regs)
		return -ENOMEM;
	return 0;
}

static int uart_probe(struct dt_device *dev)
{
	int irq, err;

	if (uart.regs || uart.port)
		return -EBUSY;	/* one console */
	err = uart_resources(dev, &irq);
	if (err)
		return err;
	spin_lock_init(&uart.lock, "uart.lock");
	set_ier(0);
	reg_wr(FCR, 0x07);	/* enable and clear both FIFOs */
	reg_wr(LCR, 0x03);	/* 8N1, keep the firmware's baud rate */
	reg_wr(MCR, 0x08);	/* OUT2: interrupt output enabled */
	uart.console = (struct console){
		.name = "ttyS0",
		.write = uart_write,
		.write_raw = uart_write_raw,
		.write_sync = uart_write_sync,
		.flush = uart_flush,
		.read = uart_read,
	};
	err = irq_request((unsigned int)irq, uart_irq, &uart, "ttyS0");
	if (err) {
		uart.regs = NULL;
		uart.port = 0;
		return err;
	}
	set_ier(IER_RDI);
	console_register(&uart.console);
	return 0;
}

static const char *const uart_compat[] = { "ns16550a", "ns16550", NULL };
static const struct dt_driver uart_driver = {
	.name = "ns16550",
	.compatible = uart_compat,
	.stage = 1,
	.probe = uart_probe,
};
DT_DRIVER(uart_driver);
