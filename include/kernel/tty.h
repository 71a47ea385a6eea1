/*
 * Terminals: one struct tty per terminal (the serial console, each pseudo-
 * terminal slave), with Linux's N_TTY line discipline (kernel/tty/n_tty.c),
 * the tty file operations and ioctls (tty_io.c), controlling terminals and
 * job control (ctty.c), the console terminal (console.c) and ptys with
 * their /dev/pts nodes (pty.c).
 *
 * A pty is one struct tty: the slave reads its input buffer (fed by writes
 * to the master, through the line discipline) and writes, after output
 * processing, into the output buffer that the master reads.
 *
 * Lock order: pty_lock (a mutex, kernel/tty/pty.c) -> /dev/pts inode lock;
 * tty.write_mutex or tty.master_write_mutex -> proc_tree_lock -> tty.lock
 * -> console lock, wait-queue locks.
 * Signals are never sent with tty.lock held.
 */
#ifndef KERNEL_TTY_H
#define KERNEL_TTY_H

#include <kernel/file.h>
#include <kernel/signal.h>

/* Job-control signal numbers (asm-generic), until signal_numbers.h has them. */
#ifndef SIGTSTP
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#endif
#ifndef SIGWINCH
#define SIGWINCH 28
#endif

/* struct termios as TCGETS copies it on riscv64 (asm-generic): 36 bytes;
 * termios2 (TCGETS2) adds the two speeds. */
#define NCCS 19
struct ktermios {
	u32 c_iflag, c_oflag, c_cflag, c_lflag;
	u8 c_line;
	u8 c_cc[NCCS];
	u32 c_ispeed, c_ospeed;	/* termios2 only */
};
#define TERMIOS_SIZE 36
#define TERMIOS2_SIZE 44

struct winsize {
	unsigned short ws_row, ws_col, ws_xpixel, ws_ypixel;
};

/* c_cc indices */
#define VINTR 0
#define VQUIT 1
#define VERASE 2
#define VKILL 3
#define VEOF 4
#define VTIME 5
#define VMIN 6
#define VSTART 8
#define VSTOP 9
#define VSUSP 10
#define VEOL 11
#define VREPRINT 12
#define VWERASE 14
#define VLNEXT 15
#define VEOL2 16

/* c_iflag */
#define ISTRIP 0000040
#define INLCR 0000100
#define IGNCR 0000200
#define ICRNL 0000400
#define IXON 0002000
#define IXANY 0004000
#define IUTF8 0040000
/* c_oflag */
#define OPOST 0000001
#define ONLCR 0000004
#define OCRNL 0000010
#define ONOCR 0000020
#define ONLRET 0000040
/* c_cflag */
#define B38400 0000017
#define CS8 0000060
#define CREAD 0000200
#define B115200 0010002
/* c_lflag */
#define ISIG 0000001
#define ICANON 0000002
#define ECHO 0000010
#define ECHOE 0000020
#define ECHOK 0000040
#define ECHONL 0000100
#define NOFLSH 0000200
#define TOSTOP 0000400
#define ECHOCTL 0001000
#define ECHOKE 0004000
#define IEXTEN 0100000

#define TTY_BUF_SIZE 4096	/* input and pty output buffers; a power of two */

struct tty;

/* What the hardware (or the pty master) side of a terminal provides. */
struct tty_driver {
	/* Take output bytes (already processed by OPOST); how many fit.
	 * tty.lock held, so it must not sleep. */
	size_t (*write)(struct tty *tty, const char *s, size_t n);
	size_t (*write_room)(struct tty *tty);	/* tty.lock held */
	void (*drain)(struct tty *tty);		/* wait until output is sent; may sleep */
};

/* Marks beside each input byte (canonical mode). */
#define TTY_MARK_EOL 1	/* ends a line */
#define TTY_MARK_EOF 2	/* the byte is an end-of-file (VEOF), not data */

struct tty {
	spinlock_t lock;
	struct mutex write_mutex;	/* one writer at a time, so writes do not interleave */
	struct mutex master_write_mutex;	/* the same for pty master writers (typing) */
	/* Woken on input, output room, output for the master, flow changes
	 * and hangup: the queue poll (and epoll) registers. */
	struct wait_queue wq;
	u64 events;			/* [lock] bumped at each wake-up of wq */
	const struct tty_driver *driver;	/* [I] */
	const char *name;		/* [I] "console", or pty: name_buf */
	char name_buf[16];
	int index;			/* [I] pty number; -1 for the console */
	struct ktermios termios;	/* [lock] */
	struct winsize winsize;		/* [lock] */
	int session;			/* [proc_tree_lock + lock] sid it controls, 0: none */
	int pgrp;			/* [proc_tree_lock + lock] foreground group, 0: none */
	/* Input: bytes [itail, ihead) are queued; [itail, canon_head) are
	 * complete lines (canonical mode). Free-running counters. */
	char ibuf[TTY_BUF_SIZE];	/* [lock] */
	u8 imark[TTY_BUF_SIZE];		/* [lock] TTY_MARK_* */
	unsigned int ihead, itail, canon_head;	/* [lock] */
	unsigned int column;		/* [lock] output column, for erasing tabs */
	unsigned int canon_column;	/* [lock] column where the current line began */
	bool lnext;			/* [lock] the next byte is literal (VLNEXT) */
	bool stopped;			/* [lock] output stopped (^S, TCOOFF) */
	bool hungup;			/* [lock] reads give 0, writes EIO */
	/* pty only */
	char obuf[TTY_BUF_SIZE];	/* [lock] slave output the master reads */
	unsigned int ohead, otail;	/* [lock] */
	bool master_open;		/* [pty_lock] */
	int slave_opens;		/* [pty_lock] open slave files */
	bool slave_closed;		/* [lock] the last slave file closed: master reads EIO */
	bool locked;			/* [lock] TIOCSPTLCK: slave opens fail with EIO */
	u32 owner_uid, owner_gid;	/* [pty_lock] who opened /dev/ptmx */
};

/* --- the line discipline (n_tty.c) --- */
void n_tty_init(struct tty *tty, const struct ktermios *t);
/* Feed input bytes as if typed. Echo and signals happen here. Returns how
 * many were taken (fewer when the input buffer is full in raw mode).
 * Call without tty.lock; may send signals. */
size_t n_tty_receive(struct tty *tty, const char *s, size_t n);
/* tty.lock held: */
void n_tty_flush_input_locked(struct tty *tty);
void n_tty_set_termios_locked(struct tty *tty, const struct ktermios *t);
unsigned int n_tty_readable_locked(struct tty *tty, bool for_poll);	/* FIONREAD, poll */
size_t n_tty_output_locked(struct tty *tty, const char *s, size_t n);	/* OPOST; taken */
void tty_wake_locked(struct tty *tty);
#define TTY_FOREVER (~0ULL)
/* Sleep until tty.events moves past seen (a wake-up of tty.wq), a signal,
 * or timeout ns (TTY_FOREVER: none). Returns the time left. No locks held. */
u64 tty_sleep(struct tty *tty, u64 seen, u64 timeout);
/* A writer found no room: -EAGAIN (nonblock), -ERESTARTSYS (a signal), or
 * 0 after sleeping until tty->events moved past seen (try again). */
long tty_wait_for_room(struct tty *tty, u64 seen, bool nonblock);
/* Take a writer mutex of tty as Linux's tty_write_lock does: 0, -EAGAIN
 * (nonblock) or -ERESTARTSYS, never an unkillable wait. */
int tty_write_lock(struct tty *tty, struct mutex *m, bool nonblock);
void tty_write_unlock(struct tty *tty, struct mutex *m);
/* read(2) and write(2) on the terminal side; nonblock from O_NONBLOCK. */
ssize_t n_tty_read(struct tty *tty, uptr_t buf, size_t n, bool nonblock);
ssize_t n_tty_write(struct tty *tty, uptr_t buf, size_t n, bool nonblock);

/* --- files (tty_io.c) --- */
/* Open a terminal device node: /dev/tty (5:0), /dev/console (5:1),
 * /dev/ptmx (5:2), /dev/ttyS0 (4:64), /dev/pts/N (136:N). */
int tty_open(u32 rdev, struct file *f);
/* Common ioctls; master: the call came through the pty master. */
long tty_ioctl(struct tty *tty, struct file *f, bool master, unsigned int cmd,
	       unsigned long arg);
unsigned int tty_poll(struct tty *tty, struct poll_table *pt);
extern const struct file_ops tty_file_ops;

/* --- controlling terminals and job control (ctty.c) --- */
struct process;
/* The caller's controlling terminal, or NULL. The pointer lives in struct
 * process for now; it moves into the session object, which is why it is
 * reached only through these two. */
struct tty *proc_ctty(struct process *p);
void proc_set_ctty(struct process *p, struct tty *tty);
/* Make tty the controlling terminal of the caller's session if Linux
 * would at open: a session leader without one, tty without a session. */
void tty_open_set_ctty(struct tty *tty, struct file *f);
/* Linux's job-control check before a read (SIGTTIN) or a change/write
 * (SIGTTOU) from a background group: 0 (go on), -EIO, or -ERESTARTSYS
 * after sending sig to the caller's process group. */
int tty_check_job(struct tty *tty, int sig);
long tty_ioctl_sctty(struct tty *tty, struct file *f, unsigned long arg);
long tty_ioctl_notty(struct tty *tty);
long tty_ioctl_spgrp(struct tty *tty, uptr_t arg);
/* Send sig (SI_KERNEL) to tty's foreground group, if any. No tty.lock. */
void tty_signal_pgrp(struct tty *tty, int sig);
/* Hang up: SIGHUP then SIGCONT to the session leader, the session loses
 * its terminal, reads return 0 and writes EIO from now on. */
void tty_hangup(struct tty *tty);
/*
 * For the lead to call from process exit: a session leader that exits
 * sends SIGHUP (and SIGCONT) to its terminal's foreground group, and the
 * session loses the terminal (Linux's disassociate_ctty(1)).
 */
void tty_session_leader_exit(struct process *p);

/* --- the console terminal (console.c) --- */
struct tty *console_tty(void);	/* starts its input thread on first use */

/* --- pseudo-terminals (pty.c) --- */
#define PTY_MAJOR 136
#define PTY_MAX 256
/* /dev/ptmx: a new pty, its master open in f. */
int ptmx_open(struct file *f);
/* /dev/pts/N: the slave, or ERR_PTR (-EIO when locked or the master is gone). */
struct tty *pty_slave_get(int index);
void pty_slave_put(struct tty *tty);	/* a slave file closes */
/*
 * devpts. Slave nodes N (char 136:N, owned by the opener of /dev/ptmx,
 * mode 0600) appear in the directory registered here when a pty is made
 * and go when its master closes. tty_create_dev_nodes() registers the tmpfs
 * directory /dev/pts at boot; a devpts file system mounted later calls
 * devpts_register() with its own root (the nodes are re-created there) or
 * serves lookups itself through pty_slave_attrs().
 */
void devpts_register(struct inode *dir);
/* Owner and existence of slave N, for a devpts that builds nodes on
 * lookup: false when there is no such pty (or its master is closed). */
bool pty_slave_attrs(int index, u32 *uid, u32 *gid);
/* Boot: /dev/ptmx and the /dev/pts directory under dev (vfs_init). */
void tty_create_dev_nodes(struct inode *dev);

#endif
