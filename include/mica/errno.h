/* Linux errno numbers (asm-generic/errno-base.h and errno.h values). */
#ifndef MICA_ERRNO_H
#define MICA_ERRNO_H

#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define EINTR 4
#define EIO 5
#define ENXIO 6
#define E2BIG 7
#define ENOEXEC 8
#define EBADF 9
#define ECHILD 10
#define EAGAIN 11
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define ENOTBLK 15
#define EBUSY 16
#define EEXIST 17
#define EXDEV 18
#define ENODEV 19
#define ENOTDIR 20
#define EISDIR 21
#define EINVAL 22
#define ENFILE 23
#define EMFILE 24
#define ENOTTY 25
#define ETXTBSY 26
#define EFBIG 27
#define ENOSPC 28
#define ESPIPE 29
#define EROFS 30
#define EMLINK 31
#define EPIPE 32
#define EDOM 33
#define ERANGE 34
#define EDEADLK 35
#define ENAMETOOLONG 36
#define ENOLCK 37
#define ENOSYS 38
#define ENOTEMPTY 39
#define ELOOP 40
#define ENODATA 61
#define ETIME 62
#define EOVERFLOW 75
#define EOPNOTSUPP 95
#define ETIMEDOUT 110
#define EOWNERDEAD 130
#define ENOTRECOVERABLE 131
#define EUCLEAN 117	/* a corrupt on-disk structure (ext4's EFSCORRUPTED) */
#define EDQUOT 122

/*
 * Kernel-internal: a system call interrupted by a signal. The return path
 * turns them into EINTR or restarts the call (see kernel/signal/).
 * ERESTARTSYS: restart when the handler has SA_RESTART (or no handler ran);
 * ERESTARTNOINTR: always restart; ERESTARTNOHAND: restart only when no
 * handler ran; ERESTART_RESTARTBLOCK: restart through restart_syscall
 * (current->restart_block) when no handler ran.
 */
#define ERESTARTSYS 512
#define ERESTARTNOINTR 513
#define ERESTARTNOHAND 514
#define ERESTART_RESTARTBLOCK 516

#endif
