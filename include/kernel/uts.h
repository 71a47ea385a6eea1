/*
 * The system's names, as uname(2) reports them: sysname, nodename (the
 * host name), release, version, machine and domainname. The host and
 * domain names change through sethostname/setdomainname (kernel/uts.c).
 */
#ifndef KERNEL_UTS_H
#define KERNEL_UTS_H

#include <mica/types.h>

#define UTS_FIELD_LEN 65	/* Linux's __NEW_UTS_LEN + 1 */
#define UTS_NAME_MAX 64		/* longest host or domain name */

struct new_utsname {
	char sysname[UTS_FIELD_LEN];
	char nodename[UTS_FIELD_LEN];
	char release[UTS_FIELD_LEN];
	char version[UTS_FIELD_LEN];
	char machine[UTS_FIELD_LEN];
	char domainname[UTS_FIELD_LEN];
};

/* A consistent copy of the names. */
void uts_read(struct new_utsname *out);
/* Set the host or domain name to len (<= UTS_NAME_MAX) bytes of name;
 * no permission check (the callers' job). 0 or -EINVAL. */
int uts_set_hostname(const char *name, size_t len);
int uts_set_domainname(const char *name, size_t len);

#endif
