/* In-memory extended attributes (see include/kernel/simple_xattr.h). */
#include <kernel/simple_xattr.h>
#include <core/kmalloc.h>
#include <lib/string.h>
#include <mica/errno.h>

#define XATTR_CREATE 1
#define XATTR_REPLACE 2

struct simple_xattr {
	struct list_head link;
	char *name;
	size_t size;
	char value[];
};

static struct simple_xattr *find(struct list_head *xattrs, const char *name)
{
	struct simple_xattr *x;

	list_for_each_entry(x, xattrs, link)
		if (!strcmp(x->name, name))
			return x;
	return NULL;
}

ssize_t simple_xattr_get(struct list_head *xattrs, const char *name, void *buf, size_t size)
{
	struct simple_xattr *x = find(xattrs, name);

	if (!x)
		return -ENODATA;
	if (!size)
		return x->size;
	if (x->size > size)
		return -ERANGE;
	memcpy(buf, x->value, x->size);
	return x->size;
}

int simple_xattr_set(struct list_head *xattrs, const char *name, const void *val, size_t size,
		     int flags)
{
	struct simple_xattr *old = find(xattrs, name), *x;
	size_t nlen = strlen(name) + 1;

	if (old && (flags & XATTR_CREATE))
		return -EEXIST;
	if (!old && (flags & XATTR_REPLACE))
		return -ENODATA;
	x = kmalloc(sizeof(*x) + size + nlen);
	if (!x)
		return -ENOMEM;
	x->size = size;
	memcpy(x->value, val, size);
	x->name = x->value + size;
	memcpy(x->name, name, nlen);
	if (old) {
		list_add(&x->link, &old->link);	/* keep the listing order */
		list_del(&old->link);
		kfree(old);
	} else {
		list_add_tail(&x->link, xattrs);
	}
	return 0;
}

int simple_xattr_remove(struct list_head *xattrs, const char *name)
{
	struct simple_xattr *x = find(xattrs, name);

	if (!x)
		return -ENODATA;
	list_del(&x->link);
	kfree(x);
	return 0;
}

ssize_t simple_xattr_list(struct list_head *xattrs, char *buf, size_t size, bool trusted)
{
	struct simple_xattr *x;
	size_t used = 0;

	list_for_each_entry(x, xattrs, link) {
		size_t len = strlen(x->name) + 1;

		if (!trusted && !strncmp(x->name, "trusted.", 8))
			continue;
		if (size) {
			if (used + len > size)
				return -ERANGE;
			memcpy(buf + used, x->name, len);
		}
		used += len;
	}
	return used;
}

size_t simple_xattrs_free(struct list_head *xattrs)
{
	struct simple_xattr *x, *tmp;
	size_t space = 0;

	list_for_each_entry_safe(x, tmp, xattrs, link) {
		space += simple_xattr_space(x->name, x->size);
		kfree(x);
	}
	INIT_LIST_HEAD(xattrs);
	return space;
}

size_t simple_xattr_space(const char *name, size_t size)
{
	return 40 + size + strlen(name);
}
