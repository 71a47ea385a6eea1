/*
 * The system's names (include/kernel/uts.h) and the calls that read and
 * change them: uname, sethostname, setdomainname. The host name starts as
 * "mica" (Linux's is "(none)" until init sets one), the domain name as
 * "(none)", as on Linux.
 */
#include <kernel/uts.h>
#include <arch/cpu.h>
#include <kernel/syscall.h>
#include <kernel/cred.h>
#include <core/spinlock.h>
#include <lib/string.h>
#include <mica/errno.h>

static DEFINE_SPINLOCK(uts_lock);	/* guards uts */
static struct new_utsname uts = {
	.sysname = "Linux",	/* what programs test for */
	.nodename = "mica",
	.release = "6.1.0-mica",
	.version = "#1 SMP Mica 0.1",
	.machine = ARCH_NAME,
	.domainname = "(none)",
};

void uts_read(struct new_utsname *out)
{
	spin_lock(&uts_lock);
	*out = uts;
	spin_unlock(&uts_lock);
}

/* Linux stores exactly len bytes and zeroes the rest of the field. */
static int uts_set(char *field, const char *name, size_t len)
{
	if (len > UTS_NAME_MAX)
		return -EINVAL;
	spin_lock(&uts_lock);
	memcpy(field, name, len);
	memset(field + len, 0, UTS_FIELD_LEN - len);
	spin_unlock(&uts_lock);
	return 0;
}

int uts_set_hostname(const char *name, size_t len)
{
	return uts_set(uts.nodename, name, len);
}

int uts_set_domainname(const char *name, size_t len)
{
	return uts_set(uts.domainname, name, len);
}

SYSCALL_DEFINE1(uname, uptr_t, buf)
{
	struct new_utsname u;

	uts_read(&u);
	return copy_to_user(buf, &u, sizeof(u)) ? -EFAULT : 0;
}

/* sethostname and setdomainname: root only (CAP_SYS_ADMIN), then the
 * length, then the copy, in Linux's order. */
static long uts_set_from_user(int (*set)(const char *, size_t), uptr_t uname, int len)
{
	char name[UTS_NAME_MAX];

	if (!capable_root())
		return -EPERM;
	if (len < 0 || len > UTS_NAME_MAX)
		return -EINVAL;
	if (copy_from_user(name, uname, (size_t)len))
		return -EFAULT;
	return set(name, (size_t)len);
}

SYSCALL_DEFINE2(sethostname, uptr_t, name, int, len)
{
	return uts_set_from_user(uts_set_hostname, name, len);
}

SYSCALL_DEFINE2(setdomainname, uptr_t, name, int, len)
{
	return uts_set_from_user(uts_set_domainname, name, len);
}
