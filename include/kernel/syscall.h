/*
 * System calls. Handlers are written with SYSCALL_DEFINEn, which gives
 * them typed arguments (user addresses as uptr_t) and the uniform entry
 * point sys_NAME(args) the generated table calls.
 */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include <core/uaccess.h>
#include <mica/errno.h>

#define NR_SYSCALLS 512

enum syscall_arg_kind {
	SC_ARG_INT = 1, SC_ARG_UINT, SC_ARG_LONG, SC_ARG_HEX, SC_ARG_FD, SC_ARG_PTR,
	SC_ARG_STR, SC_ARG_SIZE, SC_ARG_FLAGS, SC_ARG_MODE, SC_ARG_PID,
};

struct syscall_desc {
	const char *name;
	long (*fn)(const unsigned long *args);
	int nargs;
	u8 kinds[6];
};

extern const struct syscall_desc syscall_table[NR_SYSCALLS];

/* Calls of unimplemented numbers, for the record. */
u64 syscall_enosys_count(void);
/* Read trace= from the command line (boot). */
void syscall_trace_init(void);

#define __SC_DECL0()					void
#define __SC_DECL1(t1, a1)				t1 a1
#define __SC_DECL2(t1, a1, ...)				t1 a1, __SC_DECL1(__VA_ARGS__)
#define __SC_DECL3(t1, a1, ...)				t1 a1, __SC_DECL2(__VA_ARGS__)
#define __SC_DECL4(t1, a1, ...)				t1 a1, __SC_DECL3(__VA_ARGS__)
#define __SC_DECL5(t1, a1, ...)				t1 a1, __SC_DECL4(__VA_ARGS__)
#define __SC_DECL6(t1, a1, ...)				t1 a1, __SC_DECL5(__VA_ARGS__)
#define __SC_CAST0(...)
#define __SC_CAST1(i, t1, a1)				(t1)args[i]
#define __SC_CAST2(i, t1, a1, ...)			(t1)args[i], __SC_CAST1(i + 1, __VA_ARGS__)
#define __SC_CAST3(i, t1, a1, ...)			(t1)args[i], __SC_CAST2(i + 1, __VA_ARGS__)
#define __SC_CAST4(i, t1, a1, ...)			(t1)args[i], __SC_CAST3(i + 1, __VA_ARGS__)
#define __SC_CAST5(i, t1, a1, ...)			(t1)args[i], __SC_CAST4(i + 1, __VA_ARGS__)
#define __SC_CAST6(i, t1, a1, ...)			(t1)args[i], __SC_CAST5(i + 1, __VA_ARGS__)

#define SYSCALL_DEFINEx(n, name, ...)                                              \
	static long do_sys_##name(__SC_DECL##n(__VA_ARGS__));                      \
	long sys_##name(const unsigned long *args);                                \
	long sys_##name(const unsigned long *args)                                 \
	{                                                                          \
		(void)args;                                                        \
		return do_sys_##name(__SC_CAST##n(0, __VA_ARGS__));                \
	}                                                                          \
	static long do_sys_##name(__SC_DECL##n(__VA_ARGS__))

#define SYSCALL_DEFINE0(name) SYSCALL_DEFINEx(0, name)
#define SYSCALL_DEFINE1(name, ...) SYSCALL_DEFINEx(1, name, __VA_ARGS__)
#define SYSCALL_DEFINE2(name, ...) SYSCALL_DEFINEx(2, name, __VA_ARGS__)
#define SYSCALL_DEFINE3(name, ...) SYSCALL_DEFINEx(3, name, __VA_ARGS__)
#define SYSCALL_DEFINE4(name, ...) SYSCALL_DEFINEx(4, name, __VA_ARGS__)
#define SYSCALL_DEFINE5(name, ...) SYSCALL_DEFINEx(5, name, __VA_ARGS__)
#define SYSCALL_DEFINE6(name, ...) SYSCALL_DEFINEx(6, name, __VA_ARGS__)

#endif
