/* The system's names (see include/kernel/utsname.h). */
#include <kernel/utsname.h>
#include <core/spinlock.h>
#include <lib/string.h>
#include <mica/errno.h>

static DEFINE_SPINLOCK(utsname_lock);
static struct new_utsname uts = {
	.sysname = "Linux",	/* what programs test for */
	.nodename = "mica",
	.release = "6.1.0-mica",
	.version = "#1 SMP Mica 0.1",
	.machine = "riscv64",
	.domainname = "(none)",
};

void utsname_get(struct new_utsname *out)
{
	spin_lock(&utsname_lock);
	*out = uts;
	spin_unlock(&utsname_lock);
}

static int set_name(char *field, const char *name, size_t len)
{
	if (len > UTS_LEN)
		return -EINVAL;
	spin_lock(&utsname_lock);
	memcpy(field, name, len);
	memset(field + len, 0, UTS_LEN + 1 - len);
	spin_unlock(&utsname_lock);
	return 0;
}

int utsname_set_host(const char *name, size_t len)
{
	return set_name(uts.nodename, name, len);
}

int utsname_set_domain(const char *name, size_t len)
{
	return set_name(uts.domainname, name, len);
}
