/*
 * Flattened device tree reader.
 *
 * Blob layout (Devicetree Specification v0.4, chapter 5), all fields
 * big-endian:
 *
 *   header      magic, totalsize, off_dt_struct, off_dt_strings,
 *               off_mem_rsvmap, version, last_comp_version,
 *               boot_cpuid_phys, size_dt_strings, size_dt_struct (v17)
 *   rsvmap      (u64 address, u64 size) pairs, ended by (0, 0); 8-aligned
 *   struct      4-aligned tokens:
 *                 BEGIN_NODE name\0 [pad to 4]
 *                 PROP u32 len, u32 nameoff, len bytes [pad to 4]
 *                 END_NODE, NOP, END
 *   strings     NUL-terminated property names, found by nameoff
 *
 * Every read goes through read_token(), which checks the token, its name or
 * payload and the property name against the block bounds. Each token
 * advances the offset by at least 4 bytes, so every walk ends.
 */
#include <lib/fdt.h>
#include <lib/string.h>
#include <mica/compiler.h>
#include <mica/errno.h>

#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9

#define HDR_MAGIC 0
#define HDR_TOTALSIZE 4
#define HDR_OFF_STRUCT 8
#define HDR_OFF_STRINGS 12
#define HDR_OFF_RSVMAP 16
#define HDR_VERSION 20
#define HDR_LAST_COMP 24
#define HDR_SIZE_STRINGS 32
#define HDR_SIZE_STRUCT 36
#define HDR_LEN_V16 36
#define HDR_LEN_V17 40

#define MAX_CELLS 4	/* largest #address-cells / #size-cells accepted */

/* Byte loads: the blob may sit at any alignment. */
static u32 be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static u64 be64(const u8 *p)
{
	return (u64)be32(p) << 32 | be32(p + 4);
}

static const u8 *struct_at(const struct fdt *fdt, u32 off)
{
	return fdt->blob + fdt->off_struct + off;
}

/* True if a NUL-terminated string starts at off within the strings block. */
static bool string_ok(const struct fdt *fdt, u32 off)
{
	return off < fdt->size_strings &&
	       memchr(fdt->blob + fdt->off_strings + off, 0, fdt->size_strings - off);
}

/*
 * Decode the token at struct-block offset off: store its tag and the offset
 * of the next token. Checks that the token lies inside the block, that a
 * node name is NUL-terminated inside it, and that a property's value and
 * name are inside their blocks. Returns 0 or -EINVAL.
 */
static int read_token(const struct fdt *fdt, int off, u32 *tag, int *next)
{
	u32 o = (u32)off, len, nameoff;
	const u8 *nul;

	if (off < 0 || (o & 3) || fdt->size_struct < 4 || o > fdt->size_struct - 4)
		return -EINVAL;
	*tag = be32(struct_at(fdt, o));
	o += 4;
	switch (*tag) {
	case FDT_BEGIN_NODE:
		nul = memchr(struct_at(fdt, o), 0, fdt->size_struct - o);
		if (!nul)
			return -EINVAL;
		o = (u32)(nul - struct_at(fdt, 0)) + 1;
		break;
	case FDT_PROP:
		if (fdt->size_struct - o < 8)
			return -EINVAL;
		len = be32(struct_at(fdt, o));
		nameoff = be32(struct_at(fdt, o + 4));
		o += 8;
		if (len > fdt->size_struct - o || !string_ok(fdt, nameoff))
			return -EINVAL;
		o += len;
		break;
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		break;
	default:
		return -EINVAL;
	}
	/* size_struct <= FDT_MAX_SIZE, so this neither wraps nor overflows int. */
	*next = (int)ALIGN_UP(o, 4U);
	return 0;
}

/* Check that node is a BEGIN_NODE token; return the offset after its name. */
static int node_body(const struct fdt *fdt, int node)
{
	u32 tag;
	int next, err;

	err = read_token(fdt, node, &tag, &next);
	if (err)
		return err;
	return tag == FDT_BEGIN_NODE ? next : -EINVAL;
}

/*
 * Walk the whole structure block once: one root node, balanced BEGIN/END,
 * properties only at the start of a node, then END.
 */
static int validate_struct(const struct fdt *fdt)
{
	int off = 0, next, depth = 0, err;
	bool seen_root = false, props_allowed = false;
	u32 tag;

	for (;; off = next) {
		err = read_token(fdt, off, &tag, &next);
		if (err)
			return err;
		switch (tag) {
		case FDT_BEGIN_NODE:
			if (!depth && seen_root)
				return -EINVAL;
			seen_root = true;
			depth++;
			props_allowed = true;
			break;
		case FDT_PROP:
			if (!props_allowed)
				return -EINVAL;
			break;
		case FDT_END_NODE:
			if (!depth)
				return -EINVAL;
			depth--;
			props_allowed = false;
			break;
		case FDT_END:
			return depth || !seen_root ? -EINVAL : 0;
		}
	}
}

/* Count the reservation entries up to the (0, 0) terminator. */
static int validate_rsvmap(struct fdt *fdt)
{
	u32 off = fdt->off_rsvmap, n = 0;

	if (off & 7)
		return -EINVAL;
	for (; fdt->totalsize - off >= 16; off += 16, n++) {
		if (!be64(fdt->blob + off) && !be64(fdt->blob + off + 8)) {
			fdt->nr_rsv = n;
			return 0;
		}
	}
	return -EINVAL;
}

/* True if the block [off, off + size) lies inside [hdr_len, totalsize). */
static bool block_ok(u32 off, u32 size, u32 hdr_len, u32 totalsize)
{
	return off >= hdr_len && off <= totalsize && size <= totalsize - off;
}

int fdt_open(struct fdt *fdt, const void *blob, size_t max_size)
{
	const u8 *b = blob;
	u32 version, hdr_len;
	struct fdt f;
	int err;

	if (!blob || max_size < HDR_LEN_V17 || be32(b + HDR_MAGIC) != FDT_MAGIC)
		return -EINVAL;
	f.blob = b;
	f.totalsize = be32(b + HDR_TOTALSIZE);
	version = be32(b + HDR_VERSION);
	if (version < 16 || be32(b + HDR_LAST_COMP) > 17)
		return -EINVAL;
	hdr_len = version >= 17 ? HDR_LEN_V17 : HDR_LEN_V16;
	if (f.totalsize < HDR_LEN_V17 || f.totalsize > max_size || f.totalsize > FDT_MAX_SIZE)
		return -EINVAL;

	f.off_struct = be32(b + HDR_OFF_STRUCT);
	f.off_strings = be32(b + HDR_OFF_STRINGS);
	f.off_rsvmap = be32(b + HDR_OFF_RSVMAP);
	f.size_strings = be32(b + HDR_SIZE_STRINGS);
	/* v16 has no size_dt_struct: the block may run to the end of the blob. */
	if (version >= 17)
		f.size_struct = be32(b + HDR_SIZE_STRUCT);
	else if (f.off_struct <= f.totalsize)
		f.size_struct = f.totalsize - f.off_struct;
	else
		return -EINVAL;

	if ((f.off_struct & 3) ||
	    !block_ok(f.off_struct, f.size_struct, hdr_len, f.totalsize) ||
	    !block_ok(f.off_strings, f.size_strings, hdr_len, f.totalsize) ||
	    !block_ok(f.off_rsvmap, 0, hdr_len, f.totalsize))
		return -EINVAL;

	err = validate_rsvmap(&f);
	if (err)
		return err;
	err = validate_struct(&f);
	if (err)
		return err;
	*fdt = f;
	return 0;
}

u32 fdt_totalsize_of(const void *blob)
{
	const u8 *b = blob;

	if (be32(b + HDR_MAGIC) != FDT_MAGIC)
		return 0;
	return be32(b + HDR_TOTALSIZE);
}

int fdt_root(const struct fdt *fdt)
{
	int off = 0, next, err;
	u32 tag;

	for (;; off = next) {
		err = read_token(fdt, off, &tag, &next);
		if (err)
			return err;
		if (tag == FDT_BEGIN_NODE)
			return off;
		if (tag != FDT_NOP)
			return -ENOENT;
	}
}

int fdt_next_node(const struct fdt *fdt, int node, int *depth)
{
	int off, next, d = 0, err;
	u32 tag;

	if (node < 0) {
		off = fdt_root(fdt);
		if (off >= 0 && depth)
			*depth = 0;
		return off;
	}
	off = node_body(fdt, node);
	for (; off >= 0; off = next) {
		err = read_token(fdt, off, &tag, &next);
		if (err)
			return err;
		if (tag == FDT_BEGIN_NODE) {
			if (depth)
				*depth += d + 1;
			return off;
		}
		if (tag == FDT_END_NODE)
			d--;
		else if (tag == FDT_END)
			return -ENOENT;
	}
	return off;
}

int fdt_first_child(const struct fdt *fdt, int node)
{
	int off, next, err;
	u32 tag;

	off = node_body(fdt, node);
	for (; off >= 0; off = next) {
		err = read_token(fdt, off, &tag, &next);
		if (err)
			return err;
		if (tag == FDT_BEGIN_NODE)
			return off;
		if (tag == FDT_END_NODE || tag == FDT_END)
			return -ENOENT;
	}
	return off;
}

int fdt_next_sibling(const struct fdt *fdt, int node)
{
	int off, next, depth = 1, err;
	u32 tag;

	/* Skip node's subtree (depth reaches 0 at its END_NODE), then look. */
	off = node_body(fdt, node);
	for (; off >= 0; off = next) {
		err = read_token(fdt, off, &tag, &next);
		if (err)
			return err;
		switch (tag) {
		case FDT_BEGIN_NODE:
			if (!depth)
				return off;
			depth++;
			break;
		case FDT_END_NODE:
			if (!depth)
				return -ENOENT;
			depth--;
			break;
		case FDT_END:
			return -ENOENT;
		}
	}
	return off;
}

/* Depth of node below the root (0 for the root); -EINVAL if not a node. */
static int node_depth(const struct fdt *fdt, int node)
{
	int off, depth = 0;

	for (off = fdt_next_node(fdt, -1, &depth); off >= 0;
	     off = fdt_next_node(fdt, off, &depth)) {
		if (off == node)
			return depth;
		if (off > node)
			break;
	}
	return off >= 0 || off == -ENOENT ? -EINVAL : off;
}

int fdt_parent(const struct fdt *fdt, int node)
{
	int target, off, depth = 0, parent = -ENOENT;

	target = node_depth(fdt, node);
	if (target <= 0)
		return target ? target : -ENOENT;
	/* The parent is the last node one level up before node. */
	for (off = fdt_next_node(fdt, -1, &depth); off >= 0 && off < node;
	     off = fdt_next_node(fdt, off, &depth)) {
		if (depth == target - 1)
			parent = off;
	}
	return off < 0 ? off : parent;
}

const char *fdt_node_name(const struct fdt *fdt, int node)
{
	if (node_body(fdt, node) < 0)
		return NULL;
	return (const char *)struct_at(fdt, (u32)node + 4);
}

const void *fdt_getprop(const struct fdt *fdt, int node, const char *name, u32 *len)
{
	int off, next;
	u32 tag;
	const u8 *p;

	if (len)
		*len = 0;
	off = node_body(fdt, node);
	for (; off >= 0; off = next) {
		if (read_token(fdt, off, &tag, &next))
			return NULL;
		if (tag == FDT_NOP)
			continue;
		if (tag != FDT_PROP)
			return NULL;
		/* read_token checked the value and the name against the blocks. */
		p = struct_at(fdt, (u32)off);
		if (!strcmp((const char *)fdt->blob + fdt->off_strings + be32(p + 8), name)) {
			if (len)
				*len = be32(p + 4);
			return p + 12;
		}
	}
	return NULL;
}

/* True if node name matches path component comp of clen bytes. */
static bool name_matches(const char *name, const char *comp, size_t clen)
{
	if (strncmp(name, comp, clen))
		return false;
	if (!name[clen])
		return true;
	return name[clen] == '@' && !memchr(comp, '@', clen);
}

/* Resolve the components of path (leading '/'s skipped) starting at node. */
static int walk_path(const struct fdt *fdt, int node, const char *path)
{
	const char *comp;
	size_t clen;
	int child;

	for (;;) {
		while (*path == '/')
			path++;
		if (!*path)
			return node;
		comp = path;
		while (*path && *path != '/')
			path++;
		clen = (size_t)(path - comp);
		fdt_for_each_child(fdt, child, node) {
			const char *name = fdt_node_name(fdt, child);

			if (name && name_matches(name, comp, clen))
				break;
		}
		if (child < 0)
			return child;
		node = child;
	}
}

int fdt_path_offset(const struct fdt *fdt, const char *path)
{
	char alias[64];
	const char *end, *target;
	int root, aliases, node;
	size_t n;
	u32 len;

	root = fdt_root(fdt);
	if (root < 0 || !path || !*path)
		return root < 0 ? root : -EINVAL;
	if (*path == '/')
		return walk_path(fdt, root, path);

	/* "alias/rest": the alias is a property of /aliases holding a path. */
	end = strchr(path, '/');
	n = end ? (size_t)(end - path) : strlen(path);
	if (n >= sizeof(alias))
		return -ENOENT;
	memcpy(alias, path, n);
	alias[n] = '\0';
	aliases = walk_path(fdt, root, "/aliases");
	if (aliases < 0)
		return aliases;
	target = fdt_getprop(fdt, aliases, alias, &len);
	if (!target || !len || target[len - 1] || target[0] != '/')
		return -ENOENT;
	node = walk_path(fdt, root, target);
	if (node < 0)
		return node;
	return walk_path(fdt, node, path + n);
}

int fdt_prop_u32(const struct fdt *fdt, int node, const char *name, u32 *out)
{
	u32 len;
	const u8 *p = fdt_getprop(fdt, node, name, &len);

	if (!p)
		return -ENOENT;
	if (len != 4)
		return -EINVAL;
	*out = be32(p);
	return 0;
}

int fdt_prop_u64(const struct fdt *fdt, int node, const char *name, u64 *out)
{
	u32 len;
	const u8 *p = fdt_getprop(fdt, node, name, &len);

	if (!p)
		return -ENOENT;
	if (len == 4)
		*out = be32(p);
	else if (len == 8)
		*out = be64(p);
	else
		return -EINVAL;
	return 0;
}

/* Assemble ncells (0..2) big-endian cells at p into one number. */
static u64 read_cells(const u8 *p, int ncells)
{
	u64 v = 0;

	while (ncells--) {
		v = v << 32 | be32(p);
		p += 4;
	}
	return v;
}

int fdt_prop_cells(const void *prop, u32 len, int idx, int ncells, u64 *out)
{
	u64 end;

	if (!prop || idx < 0 || ncells < 0 || ncells > 2)
		return -EINVAL;
	end = ((u64)idx + 1) * (u64)ncells * 4;
	if (end > len)
		return -ENOENT;
	*out = read_cells((const u8 *)prop + (end - (u64)ncells * 4), ncells);
	return 0;
}

/* A #...-cells property of node, or dflt when absent. */
static int cells_prop(const struct fdt *fdt, int node, const char *name, int dflt)
{
	u32 v;
	int err = fdt_prop_u32(fdt, node, name, &v);

	if (err == -ENOENT)
		return node_body(fdt, node) < 0 ? -EINVAL : dflt;
	if (err)
		return err;
	return v > MAX_CELLS ? -EINVAL : (int)v;
}

int fdt_address_cells(const struct fdt *fdt, int node)
{
	return cells_prop(fdt, node, "#address-cells", 2);
}

int fdt_size_cells(const struct fdt *fdt, int node)
{
	return cells_prop(fdt, node, "#size-cells", 1);
}

int fdt_reg(const struct fdt *fdt, int node, int idx, u64 *addr, u64 *size)
{
	int parent, ac, sc;
	u32 len, stride;
	const u8 *p;

	parent = fdt_parent(fdt, node);
	if (parent < 0)
		return parent == -ENOENT ? -EINVAL : parent;
	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	if (ac < 0 || sc < 0)
		return -EINVAL;
	if (ac > 2 || sc > 2 || ac + sc == 0)
		return -EINVAL;
	p = fdt_getprop(fdt, node, "reg", &len);
	if (!p)
		return -ENOENT;
	stride = (u32)(ac + sc) * 4;
	if (len % stride)
		return -EINVAL;
	if (idx < 0)
		return -EINVAL;
	if ((u32)idx >= len / stride)
		return -ENOENT;
	p += (u32)idx * stride;
	*addr = read_cells(p, ac);
	*size = read_cells(p + ac * 4, sc);
	return 0;
}

/*
 * Step through a string list of len bytes: at *pos, store the next string in
 * *s and advance. Returns 1 for a string, 0 at the end, -EINVAL if a string
 * is not terminated inside the value.
 */
static int stringlist_next(const char *list, u32 len, u32 *pos, const char **s)
{
	const char *nul;

	if (*pos >= len)
		return 0;
	nul = memchr(list + *pos, 0, len - *pos);
	if (!nul)
		return -EINVAL;
	*s = list + *pos;
	*pos = (u32)(nul - list) + 1;
	return 1;
}

bool fdt_is_compatible(const struct fdt *fdt, int node, const char *compat)
{
	u32 len, pos = 0;
	const char *list = fdt_getprop(fdt, node, "compatible", &len);
	const char *s;

	if (!list)
		return false;
	while (stringlist_next(list, len, &pos, &s) > 0) {
		if (!strcmp(s, compat))
			return true;
	}
	return false;
}

int fdt_node_by_compatible(const struct fdt *fdt, int from, const char *compat)
{
	int node;

	for (node = fdt_next_node(fdt, from, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL)) {
		if (fdt_is_compatible(fdt, node, compat))
			return node;
	}
	return node;
}

int fdt_node_by_phandle(const struct fdt *fdt, u32 phandle)
{
	int node;
	u32 v;

	/* 0 and ~0 are never valid phandles. */
	if (!phandle || phandle == ~0U)
		return -ENOENT;
	for (node = fdt_next_node(fdt, -1, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL)) {
		if ((!fdt_prop_u32(fdt, node, "phandle", &v) && v == phandle) ||
		    (!fdt_prop_u32(fdt, node, "linux,phandle", &v) && v == phandle))
			return node;
	}
	return node;
}

bool fdt_node_enabled(const struct fdt *fdt, int node)
{
	u32 len;
	const char *s = fdt_getprop(fdt, node, "status", &len);
	size_t n;

	if (!s)
		return node_body(fdt, node) >= 0;
	n = strnlen(s, len);
	return (n == 4 && !memcmp(s, "okay", 4)) || (n == 2 && !memcmp(s, "ok", 2));
}

int fdt_stringlist_get(const struct fdt *fdt, int node, const char *name, int idx,
		       const char **out)
{
	u32 len, pos = 0;
	const char *list = fdt_getprop(fdt, node, name, &len);
	const char *s;
	int i = 0, r;

	if (!list)
		return -ENOENT;
	if (idx < 0)
		return -EINVAL;
	while ((r = stringlist_next(list, len, &pos, &s)) > 0) {
		if (i++ == idx) {
			*out = s;
			return 0;
		}
	}
	return r < 0 ? r : -ENOENT;
}

int fdt_memreserve(const struct fdt *fdt, int idx, u64 *addr, u64 *size)
{
	const u8 *p;

	if (idx < 0)
		return -EINVAL;
	if ((u32)idx >= fdt->nr_rsv)
		return -ENOENT;
	p = fdt->blob + fdt->off_rsvmap + (u32)idx * 16;
	*addr = be64(p);
	*size = be64(p + 8);
	return 0;
}
