/*
 * The console terminal: /dev/console, /dev/ttyS0 (and /dev/tty for a
 * session it controls) are this one tty on the system console. Output goes
 * to the console driver after OPOST; input comes from a kernel thread that
 * takes what the UART's receive interrupt collected and feeds it to the
 * line discipline, so that echo and ^C happen as the keys arrive, whether
 * or not anyone reads (a driver interrupt cannot send signals or sleep).
 */
#include <kernel/tty.h>
#include <kernel/sched.h>
#include <core/console.h>
#include <core/printk.h>
#include <mica/err.h>
#include <mica/errno.h>

static struct tty con_tty;
static bool con_started;	/* [con_start_lock] */
static struct mutex con_start_lock = MUTEX_INIT(con_start_lock);

static size_t con_write(struct tty *tty, const char *s, size_t n)
{
	(void)tty;
	console_write_raw(s, n);
	return n;
}

static size_t con_write_room(struct tty *tty)
{
	(void)tty;
	return TTY_BUF_SIZE;	/* the driver never refuses: it drains by polling */
}

static void con_drain(struct tty *tty)
{
	(void)tty;
	console_flush();
}

static const struct tty_driver con_driver = {
	.write = con_write,
	.write_room = con_write_room,
	.drain = con_drain,
};

/* Keys typed while the input buffer is full are lost, as on a real line. */
static void con_input_thread(void *arg)
{
	char buf[64];

	(void)arg;
	for (;;) {
		ssize_t n = console_read(buf, sizeof(buf));

		if (n == -ENODEV)
			break;	/* no console input at all */
		if (n > 0)
			n_tty_receive(&con_tty, buf, (size_t)n);
	}
	task_exit(0);
}

static const struct ktermios con_termios = {
	.c_iflag = ICRNL | IXON,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = B115200 | CS8 | CREAD,
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
	.c_cc = { [VINTR] = 003, [VQUIT] = 034, [VERASE] = 0177, [VKILL] = 025,
		  [VEOF] = 004, [VMIN] = 1, [VSTART] = 021, [VSTOP] = 023, [VSUSP] = 032,
		  [VREPRINT] = 022, [13] = 017, [VWERASE] = 027, [VLNEXT] = 026 },
	.c_ispeed = 115200,
	.c_ospeed = 115200,
};

struct tty *console_tty(void)
{
	mutex_lock(&con_start_lock);
	if (!con_started) {
		struct task *t;

		n_tty_init(&con_tty, &con_termios);
		con_tty.driver = &con_driver;
		con_tty.name = "console";
		con_tty.index = -1;
		t = kthread_run("ttyS0-input", con_input_thread, NULL);
		if (IS_ERR(t))
			pr_warn("tty: no console input thread: %ld\n", PTR_ERR(t));
		else
			task_put(t);
		con_started = true;
	}
	mutex_unlock(&con_start_lock);
	return &con_tty;
}
