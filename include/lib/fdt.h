/*
 * Read-only flattened device tree (DTB) parser (lib/fdt.c).
 *
 * fdt_open() checks the header and walks the whole structure block once, so
 * a corrupt blob — bad offsets or lengths, unterminated names or strings,
 * unbalanced nodes — is refused there with -EINVAL. Every accessor still
 * bounds-checks what it reads, so a wrong node offset from a caller yields
 * an error, never a read outside the blob or an endless loop.
 *
 * Nodes are named by the offset of their FDT_BEGIN_NODE token within the
 * structure block. Functions returning int give a node offset or a value
 * (>= 0), or a negative errno: -ENOENT for "not there", -EINVAL for
 * malformed data. All multi-byte fields in the blob are big-endian; the
 * blob is never written.
 */
#ifndef LIB_FDT_H
#define LIB_FDT_H

#include <mica/types.h>

#define FDT_MAGIC 0xd00dfeedU
#define FDT_MAX_SIZE 0x40000000U	/* 1 GiB: larger blobs are refused */

struct fdt {
	const u8 *blob;
	u32 totalsize;
	u32 off_struct, size_struct;
	u32 off_strings, size_strings;
	u32 off_rsvmap;
	u32 nr_rsv;		/* memory reservation entries before the terminator */
};

/*
 * Check the blob at blob (at most max_size readable bytes) and fill *fdt.
 * Requires magic 0xd00dfeed, version >= 16 (last compatible <= 17),
 * totalsize <= max_size and every block inside totalsize.
 */
int fdt_open(struct fdt *fdt, const void *blob, size_t max_size);

/*
 * The header's totalsize, so that the caller can reserve the whole blob
 * before fdt_open; 0 if the magic is wrong. Reads 8 bytes.
 */
u32 fdt_totalsize_of(const void *blob);

int fdt_root(const struct fdt *fdt);

/*
 * The node after node in document order (depth-first); node < 0 gives the
 * root and sets *depth to 0. *depth (may be NULL) is adjusted by the levels
 * entered and left: +1 for a first child, 0 for a sibling, negative when
 * climbing out. -ENOENT after the last node.
 */
int fdt_next_node(const struct fdt *fdt, int node, int *depth);
int fdt_first_child(const struct fdt *fdt, int node);
int fdt_next_sibling(const struct fdt *fdt, int node);
/* -ENOENT for the root. Linear in the size of the tree. */
int fdt_parent(const struct fdt *fdt, int node);

#define fdt_for_each_child(fdt, child, node)				\
	for ((child) = fdt_first_child(fdt, node); (child) >= 0;	\
	     (child) = fdt_next_sibling(fdt, child))

/* The node's name with unit address ("cpu@0"; "" for the root); NULL on error. */
const char *fdt_node_name(const struct fdt *fdt, int node);

/*
 * Look up an absolute path ("/", "/chosen", "/cpus/cpu@1"). A component
 * without '@' also matches a node name with any unit address (the first in
 * document order). A path not starting with '/' begins with an alias from
 * /aliases ("serial0/..."). -ENOENT if there is no such node.
 */
int fdt_path_offset(const struct fdt *fdt, const char *path);

/* The value of property name of node, its length in *len (may be NULL); NULL if absent. */
const void *fdt_getprop(const struct fdt *fdt, int node, const char *name, u32 *len);

/* One-cell property; -ENOENT absent, -EINVAL not 4 bytes. */
int fdt_prop_u32(const struct fdt *fdt, int node, const char *name, u32 *out);
/* 4- or 8-byte property; -ENOENT absent, -EINVAL any other size. */
int fdt_prop_u64(const struct fdt *fdt, int node, const char *name, u64 *out);

/*
 * From a property value of len bytes, read the idx-th number made of ncells
 * big-endian cells (0 to 2; zero cells read as 0). -ENOENT past the end.
 */
int fdt_prop_cells(const void *prop, u32 len, int idx, int ncells, u64 *out);

/* This node's #address-cells (default 2) / #size-cells (default 1); -EINVAL above 4. */
int fdt_address_cells(const struct fdt *fdt, int node);
int fdt_size_cells(const struct fdt *fdt, int node);

/*
 * The idx-th (address, size) pair of node's "reg", sized by the parent's
 * #address-cells and #size-cells (each at most 2 here). -ENOENT past the
 * end or without reg; -EINVAL if reg is not a whole number of entries.
 */
int fdt_reg(const struct fdt *fdt, int node, int idx, u64 *addr, u64 *size);

/* True if node's "compatible" string list contains compat. */
bool fdt_is_compatible(const struct fdt *fdt, int node, const char *compat);

/* The next node after from (-1: from the start, root included) compatible with compat. */
int fdt_node_by_compatible(const struct fdt *fdt, int from, const char *compat);

/* The node whose "phandle" (or "linux,phandle") is phandle; -ENOENT if none. */
int fdt_node_by_phandle(const struct fdt *fdt, u32 phandle);

/* True if "status" is absent, "okay" or "ok". */
bool fdt_node_enabled(const struct fdt *fdt, int node);

/*
 * The idx-th string of string-list property name. -ENOENT if the property is
 * absent or has fewer strings, -EINVAL if it is not a list of NUL-terminated
 * strings.
 */
int fdt_stringlist_get(const struct fdt *fdt, int node, const char *name, int idx,
		       const char **out);

/* The idx-th /memreserve/ entry of the header's map; -ENOENT past the end. */
int fdt_memreserve(const struct fdt *fdt, int idx, u64 *addr, u64 *size);

#endif
