/*
 * Advisory file locks: flock(2) locks, owned by an open file description,
 * and byte-range record locks of fcntl(2), owned by a process's file
 * table (POSIX: F_SETLK...) or by an open file description (OFD:
 * F_OFD_SETLK...). Each inode keeps a list of the locks on it
 * (inode.locks). flock locks and record locks never conflict with each
 * other, as on Linux.
 *
 * Lock: locks_lock (a mutex in locks.c) guards every inode's lock list
 * and the list of blocked waiters; it is taken with no other file-system
 * lock held and nothing else is taken under it.
 */
#ifndef KERNEL_LOCKS_H
#define KERNEL_LOCKS_H

#include <kernel/file.h>

/* fcntl(2) lock commands (asm-generic, 64-bit). */
#define F_GETLK 5
#define F_SETLK 6
#define F_SETLKW 7
#define F_OFD_GETLK 36
#define F_OFD_SETLK 37
#define F_OFD_SETLKW 38

struct files;

/* flock(2) operation op (LOCK_SH/EX/UN, LOCK_NB) on f: 0 or -errno. */
long locks_flock(struct file *f, unsigned int op);
/* fcntl(2) F_GETLK, F_SETLK, F_SETLKW and the F_OFD_ forms, for f reached
 * through the current process's file table: 0 or -errno. */
long locks_fcntl(struct file *f, int cmd, uptr_t uflock);
/* A descriptor of f in files is closed (or files goes): drop files's
 * POSIX locks on f's inode. */
void locks_remove_posix(struct file *f, struct files *owner);
/* The last reference to f goes: drop its flock and OFD locks. */
void locks_remove_file(struct file *f);

#endif
