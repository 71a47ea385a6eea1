/*
 * N_TTY, the line discipline every terminal here uses: input processing
 * (ICRNL, INLCR, IGNCR, ISTRIP), canonical lines with erase (IUTF8-aware),
 * word erase, kill, reprint, end of file and literal next, echo (ECHO, ECHOE, ECHOK, ECHOKE,
 * ECHOCTL, ECHONL), signal characters (ISIG), flow control (IXON), output
 * processing (OPOST, ONLCR, OCRNL, ONOCR, ONLRET), and raw reads with
 * Linux's four VMIN/VTIME cases.
 *
 * Input arrives through n_tty_receive() from whoever types: the console's
 * input thread, or a write to a pty master. Echo and signals happen there,
 * not in the reader.
 *
 * Lock: tty.lock guards the buffers and the termios; readers copy through
 * a kernel buffer so that no user access happens under it.
 */
#include <kernel/tty.h>
#include <kernel/proc.h>
#include <core/kmalloc.h>
#include <core/clock.h>
#include <lib/string.h>
#include <mica/errno.h>

#define MASK(i) ((i) & (TTY_BUF_SIZE - 1))
#define L(tty, f) ((tty)->termios.c_lflag & (f))
#define I(tty, f) ((tty)->termios.c_iflag & (f))
#define O(tty, f) ((tty)->termios.c_oflag & (f))
#define CC(tty, i) ((tty)->termios.c_cc[i])
#define NSEC_PER_DECISECOND 100000000ULL

static bool is_cntrl(u8 c)
{
	return c < 0x20 || c == 0x7f;
}

/* A UTF-8 continuation byte (10xxxxxx). */
static bool is_utf8_cont(u8 c)
{
	return (c & 0xc0) == 0x80;
}

/* c is the special character cc[i] (a 0 there disables it, _POSIX_VDISABLE). */
static bool is_cc(struct tty *tty, int i, u8 c)
{
	return CC(tty, i) && c == CC(tty, i);
}

void tty_wake_locked(struct tty *tty)
{
	tty->events++;
	wake_up_all(&tty->wq);
}

void n_tty_init(struct tty *tty, const struct ktermios *t)
{
	spin_lock_init(&tty->lock, "tty.lock");
	mutex_init(&tty->write_mutex, "tty.write_mutex");
	mutex_init(&tty->master_write_mutex, "tty.master_write_mutex");
	wait_queue_init(&tty->wq);
	tty->termios = *t;
	tty->ihead = tty->itail = tty->canon_head = 0;
	tty->ohead = tty->otail = 0;
	tty->column = tty->canon_column = 0;
	tty->lnext = tty->stopped = tty->hungup = false;
	tty->winsize = (struct winsize){ 0 };
}

/* --- output --- */

/* One byte through OPOST: how many input bytes were taken (0: no room). */
static size_t output_char_locked(struct tty *tty, u8 c)
{
	const struct tty_driver *d = tty->driver;

	if (!O(tty, OPOST)) {
		return d->write(tty, (const char *)&c, 1);
	}
	switch (c) {
	case '\n':
		if (O(tty, ONLRET))
			tty->column = 0;
		if (O(tty, ONLCR)) {
			if (d->write_room(tty) < 2)
				return 0;
			tty->column = 0;
			return d->write(tty, "\r\n", 2) == 2;
		}
		break;
	case '\r':
		if (O(tty, ONOCR) && tty->column == 0)
			return 1;
		if (O(tty, OCRNL)) {
			c = '\n';
			if (O(tty, ONLRET))
				tty->column = 0;
			break;
		}
		tty->column = 0;
		break;
	case '\t':
		tty->column = (tty->column | 7) + 1;
		break;
	case '\b':
		if (tty->column)
			tty->column--;
		break;
	default:
		if (!is_cntrl(c))
			tty->column++;
	}
	return d->write(tty, (const char *)&c, 1);
}

size_t n_tty_output_locked(struct tty *tty, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!output_char_locked(tty, (u8)s[i]))
			break;
	return i;
}

/* Echo output: dropped when there is no room. */
static void echo_raw(struct tty *tty, const char *s, size_t n)
{
	n_tty_output_locked(tty, s, n);
}

/* Echo c as typed: control characters as ^X with ECHOCTL. */
static void echo_char(struct tty *tty, u8 c)
{
	if (L(tty, ECHOCTL) && is_cntrl(c) && c != '\t' && c != '\n') {
		char s[2] = { '^', (char)(c ^ 0100) };

		echo_raw(tty, s, 2);
	} else {
		echo_raw(tty, (const char *)&c, 1);
	}
}

/* --- input --- */

static unsigned int input_count(struct tty *tty)
{
	return tty->ihead - tty->itail;
}

static void put_input(struct tty *tty, u8 c, u8 mark)
{
	tty->ibuf[MASK(tty->ihead)] = (char)c;
	tty->imark[MASK(tty->ihead)] = mark;
	tty->ihead++;
}

void n_tty_flush_input_locked(struct tty *tty)
{
	tty->ihead = tty->itail = tty->canon_head = 0;
	tty->lnext = false;
	tty->canon_column = tty->column;
	tty_wake_locked(tty);
}

/* Columns the byte at position pos of the current line takes on screen. */
static unsigned int char_width(struct tty *tty, unsigned int pos)
{
	u8 c = (u8)tty->ibuf[MASK(pos)];
	unsigned int col = tty->canon_column;

	if (c == '\t') {
		for (unsigned int i = tty->canon_head; i < pos; i++) {
			u8 b = (u8)tty->ibuf[MASK(i)];

			if (b == '\t')
				col = (col | 7) + 1;
			else if (is_cntrl(b))
				col += L(tty, ECHOCTL) ? 2 : 0;
			else
				col++;
		}
		return 8 - (col & 7);
	}
	if (is_cntrl(c))
		return L(tty, ECHOCTL) ? 2 : 0;
	if (I(tty, IUTF8) && is_utf8_cont(c))
		return 0;	/* its character's first byte takes the column */
	return 1;
}

enum erase_kind { ERASE_CHAR, ERASE_WORD, ERASE_LINE };

/* VERASE, VWERASE, VKILL in canonical mode: remove bytes of the current
 * line, echoing the erasure as Linux does. */
static void eraser(struct tty *tty, u8 c, enum erase_kind kind)
{
	bool seen_word = false;

	if (tty->ihead == tty->canon_head)
		return;	/* nothing typed on this line */
	if (kind == ERASE_LINE && L(tty, ECHO) &&
	    !(L(tty, ECHOK) && L(tty, ECHOKE) && L(tty, ECHOE))) {
		tty->ihead = tty->canon_head;
		echo_char(tty, c);
		if (L(tty, ECHOK))
			echo_raw(tty, "\n", 1);
		return;
	}
	if (kind == ERASE_LINE && !L(tty, ECHO)) {
		tty->ihead = tty->canon_head;
		return;
	}
	while (tty->ihead != tty->canon_head) {
		unsigned int pos = tty->ihead - 1;
		u8 b = (u8)tty->ibuf[MASK(pos)];

		if (kind == ERASE_WORD) {
			bool word = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') ||
				    (b >= 'A' && b <= 'Z') || b == '_';

			if (word)
				seen_word = true;
			else if (seen_word)
				break;
		}
		if (L(tty, ECHO)) {
			if (L(tty, ECHOE) || kind == ERASE_LINE) {
				unsigned int w = char_width(tty, pos);

				while (w--)
					echo_raw(tty, "\b \b", 3);
			} else if (kind == ERASE_CHAR) {
				echo_char(tty, c);
			}
		}
		tty->ihead = pos;
		/* One character: with IUTF8, all of its bytes. */
		if (kind == ERASE_CHAR && !(I(tty, IUTF8) && is_utf8_cont(b)))
			break;
	}
	if (kind == ERASE_WORD && L(tty, ECHO) && !L(tty, ECHOE))
		echo_char(tty, c);
}

/* VREPRINT (^R): show the line typed so far again, on a new line. */
static void reprint(struct tty *tty, u8 c)
{
	echo_char(tty, c);
	echo_raw(tty, "\n", 1);
	for (unsigned int i = tty->canon_head; i != tty->ihead; i++)
		echo_char(tty, (u8)tty->ibuf[MASK(i)]);
}

/* ISIG: flush unless NOFLSH, echo the character; the caller sends sig. */
static int isig_locked(struct tty *tty, u8 c, int sig)
{
	if (!L(tty, NOFLSH))
		n_tty_flush_input_locked(tty);	/* a pty's output is not flushed (Linux) */
	tty->stopped = false;
	if (L(tty, ECHO))
		echo_char(tty, c);
	return sig;
}

/* A canonical line ends: mark the delimiter and let readers in. */
static void end_line(struct tty *tty, u8 c, u8 mark)
{
	put_input(tty, c, mark);
	tty->canon_head = tty->ihead;
	tty->canon_column = tty->column;
	tty_wake_locked(tty);
}

/*
 * One input byte; tty.lock held. Returns 1 if taken, 0 if there is no room
 * (raw mode), or -sig when a signal must be sent (the byte is taken).
 */
static int receive_char_locked(struct tty *tty, u8 c)
{
	unsigned int room = TTY_BUF_SIZE - input_count(tty);
	bool canon = L(tty, ICANON);

	if (I(tty, ISTRIP))
		c &= 0x7f;
	if (tty->lnext) {
		tty->lnext = false;
		goto ordinary;
	}
	if (I(tty, IXON)) {
		if (is_cc(tty, VSTOP, c)) {
			tty->stopped = true;
			return 1;
		}
		if (is_cc(tty, VSTART, c)) {
			tty->stopped = false;
			tty_wake_locked(tty);
			return 1;
		}
		if (tty->stopped && I(tty, IXANY)) {
			tty->stopped = false;
			tty_wake_locked(tty);
		}
	}
	if (L(tty, ISIG)) {
		if (is_cc(tty, VINTR, c))
			return -isig_locked(tty, c, SIGINT);
		if (is_cc(tty, VQUIT, c))
			return -isig_locked(tty, c, SIGQUIT);
		if (is_cc(tty, VSUSP, c))
			return -isig_locked(tty, c, SIGTSTP);
	}
	if (c == '\r') {
		if (I(tty, IGNCR))
			return 1;
		if (I(tty, ICRNL))
			c = '\n';
	} else if (c == '\n' && I(tty, INLCR)) {
		c = '\r';
	}
	if (canon) {
		if (is_cc(tty, VERASE, c)) {
			eraser(tty, c, ERASE_CHAR);
			return 1;
		}
		if (is_cc(tty, VKILL, c)) {
			eraser(tty, c, ERASE_LINE);
			return 1;
		}
		if (L(tty, IEXTEN) && is_cc(tty, VWERASE, c)) {
			eraser(tty, c, ERASE_WORD);
			return 1;
		}
		if (L(tty, IEXTEN) && L(tty, ECHO) && is_cc(tty, VREPRINT, c)) {
			reprint(tty, c);
			return 1;
		}
		if (L(tty, IEXTEN) && is_cc(tty, VLNEXT, c)) {
			tty->lnext = true;
			if (L(tty, ECHO) && L(tty, ECHOCTL))
				echo_raw(tty, "^\b", 2);
			return 1;
		}
		if (c == '\n' || is_cc(tty, VEOL, c) || (L(tty, IEXTEN) && is_cc(tty, VEOL2, c)) ||
		    is_cc(tty, VEOF, c)) {
			bool eof = is_cc(tty, VEOF, c) && c != '\n';

			if (!room)
				return 1;	/* a full buffer drops it, as Linux does */
			if (!eof) {
				if (c == '\n' && (L(tty, ECHO) || L(tty, ECHONL)))
					echo_raw(tty, "\n", 1);
				else if (c != '\n' && L(tty, ECHO))
					echo_char(tty, c);
			}
			end_line(tty, eof ? 0 : c, TTY_MARK_EOL | (eof ? TTY_MARK_EOF : 0));
			return 1;
		}
	}
ordinary:
	if (canon ? room <= 1 : !room)
		return canon ? 1 : 0;	/* canonical: dropped; keep room for the newline */
	if (L(tty, ECHO)) {
		if (c == '\n')
			echo_raw(tty, "\n", 1);
		else
			echo_char(tty, c);
	} else if (c == '\n' && L(tty, ECHONL)) {
		echo_raw(tty, "\n", 1);
	}
	put_input(tty, c, 0);
	if (!canon)
		tty_wake_locked(tty);
	return 1;
}

size_t n_tty_receive(struct tty *tty, const char *s, size_t n)
{
	size_t done = 0;

	while (done < n) {
		int r;

		spin_lock(&tty->lock);
		r = receive_char_locked(tty, (u8)s[done]);
		spin_unlock(&tty->lock);
		if (!r)
			break;
		done++;
		if (r < 0)
			tty_signal_pgrp(tty, -r);
	}
	return done;
}

void n_tty_set_termios_locked(struct tty *tty, const struct ktermios *t)
{
	bool was_canon = L(tty, ICANON);

	tty->termios = *t;
	if (was_canon != !!L(tty, ICANON)) {
		/* Into canonical mode, pending input becomes a line; out of
		 * it, everything pending is readable. */
		if (L(tty, ICANON) && input_count(tty))
			tty->imark[MASK(tty->ihead - 1)] |= TTY_MARK_EOL;
		tty->canon_head = tty->ihead;
		tty->lnext = false;
	}
	if (!I(tty, IXON))
		tty->stopped = false;
	tty_wake_locked(tty);
}

unsigned int n_tty_readable_locked(struct tty *tty, bool for_poll)
{
	unsigned int n = 0;

	if (!L(tty, ICANON)) {
		n = input_count(tty);
		/* poll with VMIN > 0 and VTIME == 0 waits for VMIN bytes (Linux). */
		if (for_poll && CC(tty, VMIN) && !CC(tty, VTIME) && n < CC(tty, VMIN))
			return 0;
		return n;
	}
	if (for_poll)
		return tty->canon_head != tty->itail;
	for (unsigned int i = tty->itail; i != tty->canon_head; i++)
		if (!(tty->imark[MASK(i)] & TTY_MARK_EOF))
			n++;
	return n;
}

/* --- read and write --- */

u64 tty_sleep(struct tty *tty, u64 seen, u64 timeout)
{
	struct waiter w = WAITER_INIT(w);

	prepare_to_wait(&tty->wq, &w, TASK_INTERRUPTIBLE, false);
	if (READ_ONCE(tty->events) == seen && !signal_pending()) {
		if (timeout == TTY_FOREVER)
			schedule();
		else
			timeout = schedule_timeout(timeout);
	}
	finish_wait(&tty->wq, &w);
	return timeout;
}

int tty_write_lock(struct tty *tty, struct mutex *m, bool nonblock)
{
	for (;;) {
		u64 seen = READ_ONCE(tty->events);

		if (mutex_trylock(m))
			return 0;
		if (nonblock)
			return -EAGAIN;
		if (signal_pending())
			return -ERESTARTSYS;
		tty_sleep(tty, seen, TTY_FOREVER);
	}
}

void tty_write_unlock(struct tty *tty, struct mutex *m)
{
	mutex_unlock(m);
	spin_lock(&tty->lock);
	tty_wake_locked(tty);	/* writers waiting in tty_write_lock */
	spin_unlock(&tty->lock);
}

/* Take one canonical line (or what fits in n) into kbuf. lock held.
 * Returns the bytes copied; *done when the line (or an EOF) ended. */
static size_t take_line_locked(struct tty *tty, char *kbuf, size_t n, bool *done)
{
	size_t k = 0;

	*done = false;
	while (tty->itail != tty->canon_head && k < n) {
		unsigned int i = MASK(tty->itail++);

		if (tty->imark[i] & TTY_MARK_EOF) {
			*done = true;
			break;
		}
		kbuf[k++] = tty->ibuf[i];
		if (tty->imark[i] & TTY_MARK_EOL) {
			*done = true;
			break;
		}
	}
	return k;
}

static size_t take_raw_locked(struct tty *tty, char *kbuf, size_t n)
{
	size_t k = MIN((size_t)input_count(tty), n);

	for (size_t j = 0; j < k; j++)
		kbuf[j] = tty->ibuf[MASK(tty->itail + j)];
	tty->itail += k;
	if (tty->canon_head - tty->itail > TTY_BUF_SIZE)
		tty->canon_head = tty->itail;	/* the line it pointed into is gone */
	return k;
}

ssize_t n_tty_read(struct tty *tty, uptr_t buf, size_t n, bool nonblock)
{
	size_t cap = MIN(n, (size_t)TTY_BUF_SIZE), total = 0, minimum = 1;
	u64 timeout = TTY_FOREVER, inter = 0;
	ssize_t ret = 0;
	char *kbuf;

	if (!n)
		return 0;
	kbuf = kmalloc(cap);
	if (!kbuf)
		return -ENOMEM;
	spin_lock(&tty->lock);
	if (!L(tty, ICANON)) {
		u8 vmin = CC(tty, VMIN), vtime = CC(tty, VTIME);

		if (vmin) {
			/* Wait for the first byte; then VTIME (if any) between bytes. */
			minimum = MIN((size_t)vmin, n);
			inter = vtime * NSEC_PER_DECISECOND;
		} else {
			timeout = vtime * NSEC_PER_DECISECOND;	/* 0: return at once */
		}
	}
	for (;;) {
		bool canon = L(tty, ICANON), done = false;
		size_t k;
		u64 seen;

		if (canon ? tty->canon_head == tty->itail : !input_count(tty)) {
			if (tty->hungup || !timeout || (canon && total))
				break;
			if (nonblock) {
				ret = -EAGAIN;
				break;
			}
			if (signal_pending()) {
				ret = -ERESTARTSYS;
				break;
			}
			seen = tty->events;
			spin_unlock(&tty->lock);
			timeout = tty_sleep(tty, seen, timeout);
			spin_lock(&tty->lock);
			continue;
		}
		if (canon)
			k = take_line_locked(tty, kbuf, MIN(cap, n - total), &done);
		else
			k = take_raw_locked(tty, kbuf, MIN(cap, n - total));
		tty_wake_locked(tty);	/* room for whoever feeds the input */
		spin_unlock(&tty->lock);
		if (copy_to_user(buf + total, kbuf, k)) {
			ret = -EFAULT;
			goto out;
		}
		total += k;
		spin_lock(&tty->lock);
		if (total == n || (canon ? done : total >= minimum))
			break;
		/* VMIN not reached: wait for more bytes, VTIME between them (if set). */
		if (!canon)
			timeout = inter ? inter : TTY_FOREVER;
	}
	spin_unlock(&tty->lock);
out:
	kfree(kbuf);
	return total ? (ssize_t)total : ret;
}

ssize_t n_tty_write(struct tty *tty, uptr_t buf, size_t n, bool nonblock)
{
	char kbuf[256];
	size_t total = 0;
	ssize_t ret = 0;

	ret = tty_write_lock(tty, &tty->write_mutex, nonblock);
	if (ret)
		return ret;
	while (total < n) {
		size_t len = MIN(n - total, sizeof(kbuf)), off = 0;

		if (copy_from_user(kbuf, buf + total, len)) {
			ret = -EFAULT;
			break;
		}
		while (off < len) {
			u64 seen;

			spin_lock(&tty->lock);
			if (tty->hungup) {
				spin_unlock(&tty->lock);
				ret = -EIO;
				goto out;
			}
			if (!tty->stopped) {
				size_t k = n_tty_output_locked(tty, kbuf + off, len - off);

				off += k;
				if (k)
					tty_wake_locked(tty);	/* output for the master */
				if (off == len) {
					spin_unlock(&tty->lock);
					break;
				}
			}
			seen = tty->events;
			spin_unlock(&tty->lock);
			ret = tty_wait_for_room(tty, seen, nonblock);
			if (ret) {
				total += off;
				goto out;
			}
		}
		total += len;
	}
out:
	tty_write_unlock(tty, &tty->write_mutex);
	return total ? (ssize_t)total : ret;
}

long tty_wait_for_room(struct tty *tty, u64 seen, bool nonblock)
{
	if (nonblock)
		return -EAGAIN;
	if (signal_pending())
		return -ERESTARTSYS;
	tty_sleep(tty, seen, TTY_FOREVER);
	return 0;
}
