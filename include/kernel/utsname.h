/*
 * The system's names as uname(2) reports them. The host and domain names
 * change (sethostname, setdomainname, /proc/sys/kernel/{hostname,
 * domainname}); the rest is fixed at build time.
 *
 * Lock: utsname_lock (inside kernel/utsname.c) guards the names; readers
 * take a copy with utsname_get().
 */
#ifndef KERNEL_UTSNAME_H
#define KERNEL_UTSNAME_H

#include <mica/types.h>

#define UTS_LEN 64

/* struct new_utsname, as uname(2) copies it out. */
struct new_utsname {
	char sysname[UTS_LEN + 1];
	char nodename[UTS_LEN + 1];
	char release[UTS_LEN + 1];
	char version[UTS_LEN + 1];
	char machine[UTS_LEN + 1];
	char domainname[UTS_LEN + 1];
};

/* A consistent copy of every name. */
void utsname_get(struct new_utsname *out);
/* Set the host or domain name from len bytes of name (not NUL-terminated;
 * no NUL needed): 0, or -EINVAL when len > UTS_LEN. Permission checks are
 * the caller's. */
int utsname_set_host(const char *name, size_t len);
int utsname_set_domain(const char *name, size_t len);

#endif
