/*
 * Unit tests for lib/fdt.c.
 *
 * Good blobs come from the .dts files in tests/unit/fixtures, compiled into
 * UNIT_FIXTURE_DIR at build time. Corrupt blobs are made here by mutating a
 * copy of a good one; each must be refused (or, for random mutations, at
 * least never crash or hang: AddressSanitizer watches every access).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include <lib/fdt.h>
#include <lib/string.h>
#include <mica/compiler.h>
#include <mica/errno.h>

#ifndef UNIT_FIXTURE_DIR
#define UNIT_FIXTURE_DIR "build/host/fixtures"
#endif

struct blob {
	u8 *data;
	size_t size;
};

static struct blob virt, small32;

static void load(struct blob *b, const char *name)
{
	char path[512];
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s", UNIT_FIXTURE_DIR, name);
	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "cannot open fixture %s\n", path);
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	b->data = malloc((size_t)n);
	b->size = (size_t)n;
	if (!b->data || fread(b->data, 1, b->size, f) != b->size) {
		fprintf(stderr, "cannot read fixture %s\n", path);
		exit(1);
	}
	fclose(f);
}

static int load_fixtures(void **state)
{
	(void)state;
	load(&virt, "virt.dtb");
	load(&small32, "small32.dtb");
	return 0;
}

static int free_fixtures(void **state)
{
	(void)state;
	free(virt.data);
	free(small32.data);
	return 0;
}

static u32 get_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static void put_be32(u8 *p, u32 v)
{
	p[0] = (u8)(v >> 24);
	p[1] = (u8)(v >> 16);
	p[2] = (u8)(v >> 8);
	p[3] = (u8)v;
}

static void open_ok(struct fdt *fdt, const struct blob *b)
{
	assert_int_equal(fdt_open(fdt, b->data, b->size), 0);
}

static int path(const struct fdt *fdt, const char *p)
{
	int node = fdt_path_offset(fdt, p);

	if (node < 0)
		fail_msg("path %s: %d", p, node);
	return node;
}

/* ---- good blobs ---- */

static void test_open_header(void **state)
{
	struct fdt fdt;

	(void)state;
	open_ok(&fdt, &virt);
	assert_int_equal(fdt_totalsize_of(virt.data), virt.size);
	assert_int_equal(fdt.totalsize, virt.size);
	assert_int_equal(fdt_root(&fdt), 0);
	assert_string_equal(fdt_node_name(&fdt, 0), "");
	assert_int_equal(fdt_path_offset(&fdt, "/"), 0);
	assert_int_equal(fdt_parent(&fdt, 0), -ENOENT);
	/* A larger buffer than totalsize is fine; a smaller one is not. */
	assert_int_equal(fdt_open(&fdt, virt.data, virt.size + 100), 0);
	assert_int_equal(fdt_open(&fdt, virt.data, virt.size - 1), -EINVAL);
}

static void test_chosen(void **state)
{
	struct fdt fdt;
	const char *s;
	u64 v;
	u32 len;
	int chosen;

	(void)state;
	open_ok(&fdt, &virt);
	chosen = path(&fdt, "/chosen");
	assert_string_equal(fdt_node_name(&fdt, chosen), "chosen");
	s = fdt_getprop(&fdt, chosen, "bootargs", &len);
	assert_non_null(s);
	assert_string_equal(s, "console=ttyS0 init=/sbin/init -- single");
	assert_int_equal(len, strlen(s) + 1);
	assert_int_equal(fdt_prop_u64(&fdt, chosen, "linux,initrd-start", &v), 0);
	assert_true(v == 0x84200000);
	assert_int_equal(fdt_prop_u64(&fdt, chosen, "linux,initrd-end", &v), 0);
	assert_true(v == 0x84600000);
	assert_null(fdt_getprop(&fdt, chosen, "nope", &len));
	assert_int_equal(len, 0);
	assert_null(fdt_getprop(&fdt, chosen, "bootarg", NULL));	/* no prefix match */
	assert_int_equal(fdt_prop_u64(&fdt, chosen, "nope", &v), -ENOENT);
	assert_int_equal(fdt_prop_u32(&fdt, chosen, "linux,initrd-start", &len), -EINVAL);
}

static void test_memory_and_reserved(void **state)
{
	static const struct { const char *name; u64 addr, size; int nreg; } want[] = {
		{ "mmode_resv0@80000000", 0x80000000, 0x40000, 1 },
		{ "shmem@8f000000", 0x8f000000, 0x100000, 2 },
	};
	struct fdt fdt;
	u64 addr, size;
	int mem, resv, child, i = 0;
	u32 len;

	(void)state;
	open_ok(&fdt, &virt);
	mem = path(&fdt, "/memory");
	assert_int_equal(mem, path(&fdt, "/memory@80000000"));
	assert_string_equal(fdt_getprop(&fdt, mem, "device_type", NULL), "memory");
	assert_int_equal(fdt_address_cells(&fdt, 0), 2);
	assert_int_equal(fdt_size_cells(&fdt, 0), 2);
	assert_int_equal(fdt_reg(&fdt, mem, 0, &addr, &size), 0);
	assert_true(addr == 0x80000000 && size == 0x10000000);
	assert_int_equal(fdt_reg(&fdt, mem, 1, &addr, &size), -ENOENT);
	assert_int_equal(fdt_reg(&fdt, mem, -1, &addr, &size), -EINVAL);

	resv = path(&fdt, "/reserved-memory");
	fdt_for_each_child(&fdt, child, resv) {
		assert_true(i < 2);
		assert_string_equal(fdt_node_name(&fdt, child), want[i].name);
		assert_int_equal(fdt_parent(&fdt, child), resv);
		assert_int_equal(fdt_reg(&fdt, child, 0, &addr, &size), 0);
		assert_true(addr == want[i].addr && size == want[i].size);
		assert_int_equal(fdt_reg(&fdt, child, want[i].nreg, &addr, &size), -ENOENT);
		i++;
	}
	assert_int_equal(i, 2);
	child = path(&fdt, "/reserved-memory/mmode_resv0");
	assert_non_null(fdt_getprop(&fdt, child, "no-map", &len));
	assert_int_equal(len, 0);
	child = path(&fdt, "/reserved-memory/shmem");
	assert_int_equal(fdt_reg(&fdt, child, 1, &addr, &size), 0);
	assert_true(addr == 0x8f200000 && size == 0x2000);
	assert_int_equal(fdt_reg(&fdt, 0, 0, &addr, &size), -EINVAL);	/* root: no parent */
	assert_int_equal(fdt_reg(&fdt, path(&fdt, "/chosen"), 0, &addr, &size), -ENOENT);
}

static void test_memreserve(void **state)
{
	struct fdt fdt;
	u64 addr, size;

	(void)state;
	open_ok(&fdt, &virt);
	assert_int_equal(fdt_memreserve(&fdt, 0, &addr, &size), 0);
	assert_true(addr == 0x80000000 && size == 0x40000);
	assert_int_equal(fdt_memreserve(&fdt, 1, &addr, &size), 0);
	assert_true(addr == 0x88000000 && size == 0x1000);
	assert_int_equal(fdt_memreserve(&fdt, 2, &addr, &size), -ENOENT);
	assert_int_equal(fdt_memreserve(&fdt, -1, &addr, &size), -EINVAL);

	open_ok(&fdt, &small32);
	assert_int_equal(fdt_memreserve(&fdt, 0, &addr, &size), -ENOENT);
}

static void test_cpus(void **state)
{
	struct fdt fdt;
	u64 hart, size;
	u32 tb, phandle;
	int cpus, cpu, intc, ncpu = 0;
	const char *isa;

	(void)state;
	open_ok(&fdt, &virt);
	cpus = path(&fdt, "/cpus");
	assert_int_equal(fdt_prop_u32(&fdt, cpus, "timebase-frequency", &tb), 0);
	assert_int_equal(tb, 10000000);
	assert_int_equal(fdt_address_cells(&fdt, cpus), 1);
	assert_int_equal(fdt_size_cells(&fdt, cpus), 0);

	fdt_for_each_child(&fdt, cpu, cpus) {
		const char *type = fdt_getprop(&fdt, cpu, "device_type", NULL);

		if (!type || strcmp(type, "cpu"))
			continue;
		assert_int_equal(fdt_reg(&fdt, cpu, 0, &hart, &size), 0);
		assert_true(hart == (u64)ncpu && size == 0);
		assert_int_equal(fdt_node_enabled(&fdt, cpu), ncpu < 2);
		assert_int_equal(fdt_stringlist_get(&fdt, cpu, "riscv,isa", 0, &isa), 0);
		assert_int_equal(strncmp(isa, "rv64ima", 7), 0);

		intc = fdt_first_child(&fdt, cpu);
		assert_true(intc >= 0);
		assert_string_equal(fdt_node_name(&fdt, intc), "interrupt-controller");
		assert_true(fdt_is_compatible(&fdt, intc, "riscv,cpu-intc"));
		assert_int_equal(fdt_parent(&fdt, intc), cpu);
		assert_int_equal(fdt_next_sibling(&fdt, intc), -ENOENT);
		/* dtc gives phandles only to referenced nodes: cpu@2's is not. */
		if (ncpu < 2) {
			assert_int_equal(fdt_prop_u32(&fdt, intc, "phandle", &phandle), 0);
			assert_int_equal(fdt_node_by_phandle(&fdt, phandle), intc);
		} else {
			assert_int_equal(fdt_prop_u32(&fdt, intc, "phandle", &phandle), -ENOENT);
		}
		ncpu++;
	}
	assert_int_equal(ncpu, 3);
	assert_int_equal(path(&fdt, "/cpus/cpu@1"), path(&fdt, "/cpus/cpu@1/"));
	assert_int_equal(path(&fdt, "/cpus/cpu"), path(&fdt, "/cpus/cpu@0"));
	assert_int_equal(fdt_path_offset(&fdt, "/cpus/cpu@3"), -ENOENT);
	assert_int_equal(fdt_path_offset(&fdt, "/cpus/cpu@"), -ENOENT);
	assert_int_equal(fdt_path_offset(&fdt, "/cpus/cp"), -ENOENT);
	assert_true(path(&fdt, "/cpus/cpu-map/cluster0/core1") > 0);
}

static void test_uart(void **state)
{
	struct fdt fdt;
	int uart, plic;
	u64 addr, size;
	u32 irq, clk, parent;

	(void)state;
	open_ok(&fdt, &virt);
	uart = fdt_node_by_compatible(&fdt, -1, "ns16550a");
	assert_true(uart > 0);
	assert_string_equal(fdt_node_name(&fdt, uart), "serial@10000000");
	assert_int_equal(fdt_node_by_compatible(&fdt, uart, "ns16550a"), -ENOENT);
	assert_int_equal(fdt_reg(&fdt, uart, 0, &addr, &size), 0);
	assert_true(addr == 0x10000000 && size == 0x100);
	assert_int_equal(fdt_prop_u32(&fdt, uart, "interrupts", &irq), 0);
	assert_int_equal(irq, 10);
	assert_int_equal(fdt_prop_u32(&fdt, uart, "clock-frequency", &clk), 0);
	assert_int_equal(clk, 3686400);
	assert_int_equal(fdt_prop_u32(&fdt, uart, "interrupt-parent", &parent), 0);
	plic = fdt_node_by_phandle(&fdt, parent);
	assert_true(fdt_is_compatible(&fdt, plic, "riscv,plic0"));
	assert_true(fdt_node_enabled(&fdt, uart));

	/* Aliases and stdout-path style lookups. */
	assert_int_equal(fdt_path_offset(&fdt, "serial0"), uart);
	assert_int_equal(fdt_path_offset(&fdt, "/soc/serial"), uart);
	assert_int_equal(fdt_path_offset(&fdt, "//soc//serial@10000000//"), uart);
	assert_int_equal(fdt_path_offset(&fdt, "serial1"), -ENOENT);
	assert_int_equal(fdt_path_offset(&fdt, "soc"), -ENOENT);
	assert_int_equal(fdt_path_offset(&fdt, ""), -EINVAL);
}

static void test_plic(void **state)
{
	struct fdt fdt;
	int plic, n, intc, cpu;
	const void *ie;
	const char *s;
	u64 addr, size, ph, irq, hart;
	u32 ndev, len;
	static const u32 want_irq[] = { 11, 9, 11, 9 };

	(void)state;
	open_ok(&fdt, &virt);
	plic = fdt_node_by_compatible(&fdt, -1, "riscv,plic0");
	assert_true(plic > 0);
	assert_int_equal(fdt_node_by_compatible(&fdt, -1, "sifive,plic-1.0.0"), plic);
	assert_false(fdt_is_compatible(&fdt, plic, "riscv,plic"));
	assert_false(fdt_is_compatible(&fdt, plic, "sifive,plic-1.0.0x"));
	assert_int_equal(fdt_stringlist_get(&fdt, plic, "compatible", 0, &s), 0);
	assert_string_equal(s, "sifive,plic-1.0.0");
	assert_int_equal(fdt_stringlist_get(&fdt, plic, "compatible", 1, &s), 0);
	assert_string_equal(s, "riscv,plic0");
	assert_int_equal(fdt_stringlist_get(&fdt, plic, "compatible", 2, &s), -ENOENT);
	assert_int_equal(fdt_stringlist_get(&fdt, plic, "compatible", -1, &s), -EINVAL);
	assert_int_equal(fdt_stringlist_get(&fdt, plic, "nope", 0, &s), -ENOENT);

	assert_int_equal(fdt_reg(&fdt, plic, 0, &addr, &size), 0);
	assert_true(addr == 0xc000000 && size == 0x600000);
	assert_int_equal(fdt_prop_u32(&fdt, plic, "riscv,ndev", &ndev), 0);
	assert_int_equal(ndev, 0x60);
	assert_int_equal(fdt_address_cells(&fdt, plic), 0);

	/* interrupts-extended: <phandle irq> pairs naming each hart's intc. */
	ie = fdt_getprop(&fdt, plic, "interrupts-extended", &len);
	assert_non_null(ie);
	assert_int_equal(len, 32);
	for (n = 0; fdt_prop_cells(ie, len, 2 * n, 1, &ph) == 0; n++) {
		assert_int_equal(fdt_prop_cells(ie, len, 2 * n + 1, 1, &irq), 0);
		assert_int_equal(irq, want_irq[n]);
		intc = fdt_node_by_phandle(&fdt, (u32)ph);
		assert_true(fdt_is_compatible(&fdt, intc, "riscv,cpu-intc"));
		cpu = fdt_parent(&fdt, intc);
		assert_int_equal(fdt_reg(&fdt, cpu, 0, &hart, &size), 0);
		assert_int_equal(hart, (u64)(n / 2));
	}
	assert_int_equal(n, 4);
}

static void test_compatible_iteration(void **state)
{
	struct fdt fdt;
	int node, n = 0, enabled = 0;

	(void)state;
	open_ok(&fdt, &virt);
	for (node = fdt_node_by_compatible(&fdt, -1, "virtio,mmio"); node >= 0;
	     node = fdt_node_by_compatible(&fdt, node, "virtio,mmio")) {
		n++;
		enabled += fdt_node_enabled(&fdt, node);
	}
	assert_int_equal(node, -ENOENT);
	assert_int_equal(n, 2);
	assert_int_equal(enabled, 1);
	assert_int_equal(fdt_node_by_compatible(&fdt, -1, "riscv-virtio"), 0);	/* root */
	assert_int_equal(fdt_node_by_compatible(&fdt, -1, "nothing"), -ENOENT);
	assert_int_equal(fdt_node_by_phandle(&fdt, 0), -ENOENT);
	assert_int_equal(fdt_node_by_phandle(&fdt, 0xffffffff), -ENOENT);
	assert_int_equal(fdt_node_by_phandle(&fdt, 0x1234), -ENOENT);
}

/* Document order walk: depth and fdt_parent agree with a stack of ancestors. */
static void walk_and_check(const struct fdt *fdt, int expect_nodes)
{
	int stack[32], node, depth = 0, n = 0;

	for (node = fdt_next_node(fdt, -1, &depth); node >= 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		assert_true(depth >= 0 && depth < 32);
		assert_non_null(fdt_node_name(fdt, node));
		stack[depth] = node;
		if (depth == 0) {
			assert_int_equal(fdt_parent(fdt, node), -ENOENT);
		} else {
			assert_int_equal(fdt_parent(fdt, node), stack[depth - 1]);
		}
		n++;
	}
	assert_int_equal(node, -ENOENT);
	if (expect_nodes >= 0)
		assert_int_equal(n, expect_nodes);
}

static void test_traversal(void **state)
{
	struct fdt fdt;
	int soc, child, n = 0;

	(void)state;
	open_ok(&fdt, &virt);
	/* root, aliases, chosen, memory, reserved-memory + 2, cpus + 3 cpus with
	 * an intc each, cpu-map/cluster0/core0/core1, soc + 5 devices */
	walk_and_check(&fdt, 1 + 1 + 1 + 1 + 3 + 1 + 6 + 4 + 6);
	soc = path(&fdt, "/soc");
	fdt_for_each_child(&fdt, child, soc)
		n++;
	assert_int_equal(n, 5);

	open_ok(&fdt, &small32);
	walk_and_check(&fdt, -1);
	assert_int_equal(path(&fdt, "/node/node/node"),
			 fdt_first_child(&fdt, fdt_first_child(&fdt, path(&fdt, "/node"))));
	assert_int_equal(fdt_first_child(&fdt, path(&fdt, "/node/node/node")), -ENOENT);
}

static void test_small32(void **state)
{
	struct fdt fdt;
	int node;
	u64 v, addr, size;
	u32 u, len;
	const char *s;

	(void)state;
	open_ok(&fdt, &small32);
	node = path(&fdt, "/chosen");
	assert_int_equal(fdt_prop_u64(&fdt, node, "linux,initrd-start", &v), 0);
	assert_true(v == 0x81000000);

	node = path(&fdt, "/memory");
	assert_int_equal(fdt_reg(&fdt, node, 0, &addr, &size), 0);
	assert_true(addr == 0x40000000 && size == 0x8000000);
	assert_int_equal(fdt_reg(&fdt, node, 1, &addr, &size), 0);
	assert_true(addr == 0x50000000 && size == 0x1000000);
	assert_int_equal(fdt_reg(&fdt, node, 2, &addr, &size), -ENOENT);

	node = path(&fdt, "/intc");
	assert_int_equal(fdt_node_by_phandle(&fdt, 0x42), node);
	assert_true(fdt_node_enabled(&fdt, node));
	assert_int_equal(fdt_prop_u32(&fdt, node, "odd", &u), -EINVAL);
	assert_int_equal(fdt_prop_u64(&fdt, node, "odd", &v), -EINVAL);
	assert_int_equal(fdt_prop_u64(&fdt, node, "big", &v), 0);
	assert_true(v == 0x1122334455667788ULL);
	assert_int_equal(fdt_stringlist_get(&fdt, node, "unterminated", 0, &s), 0);
	assert_string_equal(s, "ab");
	assert_int_equal(fdt_stringlist_get(&fdt, node, "unterminated", 1, &s), -EINVAL);
	assert_false(fdt_is_compatible(&fdt, node, "cd"));
	assert_int_equal(fdt_address_cells(&fdt, node), -EINVAL);	/* 7 cells */
	assert_int_equal(fdt_reg(&fdt, path(&fdt, "/intc/sub"), 0, &addr, &size), -EINVAL);
	assert_int_equal(fdt_reg(&fdt, path(&fdt, "/badlen"), 0, &addr, &size), -EINVAL);

	node = path(&fdt, "/node");
	assert_non_null(fdt_getprop(&fdt, node, "empty", &len));
	assert_int_equal(len, 0);
	assert_true(fdt_node_enabled(&fdt, node));
}

static void test_prop_cells(void **state)
{
	static const u8 p[] = { 0, 0, 0, 1, 0, 0, 0, 2, 0xff, 0xee, 0xdd, 0xcc, 0, 0, 0, 3 };
	u64 v;

	(void)state;
	assert_int_equal(fdt_prop_cells(p, 16, 0, 1, &v), 0);
	assert_true(v == 1);
	assert_int_equal(fdt_prop_cells(p, 16, 3, 1, &v), 0);
	assert_true(v == 3);
	assert_int_equal(fdt_prop_cells(p, 16, 4, 1, &v), -ENOENT);
	assert_int_equal(fdt_prop_cells(p, 16, 0, 2, &v), 0);
	assert_true(v == 0x100000002ULL);
	assert_int_equal(fdt_prop_cells(p, 16, 1, 2, &v), 0);
	assert_true(v == 0xffeeddcc00000003ULL);
	assert_int_equal(fdt_prop_cells(p, 16, 2, 2, &v), -ENOENT);
	assert_int_equal(fdt_prop_cells(p, 15, 1, 2, &v), -ENOENT);
	assert_int_equal(fdt_prop_cells(p, 16, 5, 0, &v), 0);
	assert_true(v == 0);
	assert_int_equal(fdt_prop_cells(p, 16, 0, 3, &v), -EINVAL);
	assert_int_equal(fdt_prop_cells(p, 16, -1, 1, &v), -EINVAL);
	assert_int_equal(fdt_prop_cells(p, 16, 0x7fffffff, 2, &v), -ENOENT);
	assert_int_equal(fdt_prop_cells(NULL, 16, 0, 1, &v), -EINVAL);
}

/* Every accessor on every offset, valid or not: errors, never crashes. */
static void poke_everything(const struct fdt *fdt, int node)
{
	u64 a, b;
	u32 u, len;
	const char *s;
	int depth = 0, child;

	fdt_node_name(fdt, node);
	fdt_next_node(fdt, node, &depth);
	fdt_first_child(fdt, node);
	fdt_next_sibling(fdt, node);
	fdt_parent(fdt, node);
	fdt_getprop(fdt, node, "reg", &len);
	fdt_prop_u32(fdt, node, "phandle", &u);
	fdt_prop_u64(fdt, node, "reg", &a);
	fdt_address_cells(fdt, node);
	fdt_size_cells(fdt, node);
	fdt_reg(fdt, node, 0, &a, &b);
	fdt_is_compatible(fdt, node, "ns16550a");
	fdt_node_by_compatible(fdt, node, "ns16550a");
	fdt_node_enabled(fdt, node);
	fdt_stringlist_get(fdt, node, "compatible", 1, &s);
	fdt_for_each_child(fdt, child, node)
		fdt_node_name(fdt, child);
}

static void test_bad_node_offsets(void **state)
{
	struct fdt fdt;
	int off;

	(void)state;
	open_ok(&fdt, &virt);
	assert_null(fdt_node_name(&fdt, 1));
	assert_null(fdt_node_name(&fdt, -4));
	assert_null(fdt_node_name(&fdt, (int)fdt.size_struct));
	assert_null(fdt_node_name(&fdt, 0x7ffffffc));
	assert_int_equal(fdt_first_child(&fdt, 2), -EINVAL);
	assert_int_equal(fdt_parent(&fdt, 8), -EINVAL);
	assert_false(fdt_node_enabled(&fdt, 3));
	assert_int_equal(fdt_address_cells(&fdt, 3), -EINVAL);
	for (off = -8; off < (int)fdt.size_struct + 16; off++)
		poke_everything(&fdt, off);
}

/* ---- corrupt blobs ---- */

#define HDR_TOTALSIZE 4
#define HDR_OFF_STRUCT 8
#define HDR_OFF_STRINGS 12
#define HDR_OFF_RSVMAP 16
#define HDR_VERSION 20
#define HDR_LAST_COMP 24
#define HDR_SIZE_STRINGS 32
#define HDR_SIZE_STRUCT 36

static u8 *copy_of(const struct blob *b)
{
	u8 *p = malloc(b->size);

	assert_non_null(p);
	for (size_t i = 0; i < b->size; i++)
		p[i] = b->data[i];
	return p;
}

/* Mutate field at off of a fresh copy of virt and expect fdt_open to refuse it. */
static void expect_refused_field(u32 off, u32 value)
{
	struct fdt fdt;
	u8 *p = copy_of(&virt);

	put_be32(p + off, value);
	if (fdt_open(&fdt, p, virt.size) != -EINVAL)
		fail_msg("field at %u = %#x was accepted", off, value);
	free(p);
}

static void test_corrupt_header(void **state)
{
	u32 total = (u32)virt.size;
	u32 off_struct = get_be32(virt.data + HDR_OFF_STRUCT);
	u32 size_struct = get_be32(virt.data + HDR_SIZE_STRUCT);
	u32 off_strings = get_be32(virt.data + HDR_OFF_STRINGS);
	u32 size_strings = get_be32(virt.data + HDR_SIZE_STRINGS);
	struct fdt fdt;
	u8 *p;

	(void)state;
	expect_refused_field(0, 0xd00dfeee);			/* magic */
	expect_refused_field(0, 0xedfe0dd0);			/* byte-swapped magic */
	expect_refused_field(HDR_TOTALSIZE, total + 1);		/* past the buffer */
	expect_refused_field(HDR_TOTALSIZE, 8);			/* below the header */
	expect_refused_field(HDR_TOTALSIZE, 0xffffffff);
	expect_refused_field(HDR_TOTALSIZE, off_strings + size_strings - 1);
	expect_refused_field(HDR_VERSION, 15);
	expect_refused_field(HDR_LAST_COMP, 18);
	expect_refused_field(HDR_OFF_STRUCT, total);
	expect_refused_field(HDR_OFF_STRUCT, 0xfffffff0);
	expect_refused_field(HDR_OFF_STRUCT, off_struct + 2);	/* misaligned */
	expect_refused_field(HDR_OFF_STRUCT, 0);		/* inside the header */
	expect_refused_field(HDR_SIZE_STRUCT, total);
	expect_refused_field(HDR_SIZE_STRUCT, 0xfffffffc);
	expect_refused_field(HDR_SIZE_STRUCT, 0);
	expect_refused_field(HDR_SIZE_STRUCT, size_struct - 4);	/* END cut off */
	expect_refused_field(HDR_OFF_STRINGS, total);
	expect_refused_field(HDR_OFF_STRINGS, 0xffffff00);
	expect_refused_field(HDR_SIZE_STRINGS, 0xffffffff);
	expect_refused_field(HDR_SIZE_STRINGS, total - off_strings + 1);
	expect_refused_field(HDR_OFF_RSVMAP, total - 8);	/* no room for a terminator */
	expect_refused_field(HDR_OFF_RSVMAP, 0xfffffff8);
	expect_refused_field(HDR_OFF_RSVMAP, 44);		/* misaligned */

	/* Truncated buffers, whatever the header says. */
	assert_int_equal(fdt_open(&fdt, virt.data, 0), -EINVAL);
	assert_int_equal(fdt_open(&fdt, virt.data, 39), -EINVAL);
	assert_int_equal(fdt_open(&fdt, virt.data, virt.size / 2), -EINVAL);
	assert_int_equal(fdt_open(&fdt, NULL, 100), -EINVAL);
	assert_int_equal(fdt_totalsize_of("\x00\x00\x00\x00\x00\x00\x10\x00"), 0);

	/* Version 16 has no size_dt_struct; the block runs to totalsize. */
	p = copy_of(&virt);
	put_be32(p + HDR_VERSION, 16);
	put_be32(p + HDR_LAST_COMP, 16);
	put_be32(p + HDR_SIZE_STRUCT, 0xdeadbeef);
	assert_int_equal(fdt_open(&fdt, p, virt.size), 0);
	walk_and_check(&fdt, -1);
	free(p);
}

/* Offset in the blob of the FDT_PROP token of property name of node. */
static u32 prop_token(const char *node_path, const char *name)
{
	struct fdt fdt;
	const u8 *val;
	int node;

	open_ok(&fdt, &virt);
	node = path(&fdt, node_path);
	val = fdt_getprop(&fdt, node, name, NULL);
	assert_non_null(val);
	return (u32)(val - virt.data) - 12;
}

static void expect_refused_blob(u8 *p, const char *what)
{
	struct fdt fdt;

	if (fdt_open(&fdt, p, virt.size) != -EINVAL)
		fail_msg("%s was accepted", what);
	free(p);
}

static void test_corrupt_struct(void **state)
{
	u32 off_struct = get_be32(virt.data + HDR_OFF_STRUCT);
	u32 size_struct = get_be32(virt.data + HDR_SIZE_STRUCT);
	u32 size_strings = get_be32(virt.data + HDR_SIZE_STRINGS);
	u32 tok, end_tok = off_struct + size_struct - 4;
	struct fdt fdt;
	int node;
	u8 *p;

	(void)state;
	open_ok(&fdt, &virt);
	assert_int_equal(get_be32(virt.data + end_tok), 9);	/* FDT_END */
	assert_int_equal(get_be32(virt.data + end_tok - 4), 2);	/* root's END_NODE */

	/* A node name running off the end of the block. */
	node = path(&fdt, "/reserved-memory");
	p = copy_of(&virt);
	put_be32(p + HDR_SIZE_STRUCT, (u32)node + 4 + 6);
	expect_refused_blob(p, "unterminated node name");

	/* The last property name running off the end of the strings block. */
	p = copy_of(&virt);
	put_be32(p + HDR_SIZE_STRINGS, size_strings - 1);
	expect_refused_blob(p, "unterminated property name");

	tok = prop_token("/chosen", "bootargs");
	p = copy_of(&virt);
	put_be32(p + tok + 8, size_strings);
	expect_refused_blob(p, "nameoff at the end of the strings block");
	p = copy_of(&virt);
	put_be32(p + tok + 8, 0xfffffff0);
	expect_refused_blob(p, "nameoff far past the strings block");

	p = copy_of(&virt);
	put_be32(p + tok + 4, size_struct);
	expect_refused_blob(p, "property length past the block");
	p = copy_of(&virt);
	put_be32(p + tok + 4, 0xfffffffc);
	expect_refused_blob(p, "property length wrapping around");
	p = copy_of(&virt);
	put_be32(p + tok + 4, off_struct + size_struct - (tok + 12) + 1);
	expect_refused_blob(p, "property length one past the block");

	p = copy_of(&virt);
	put_be32(p + tok, 7);
	expect_refused_blob(p, "unknown token");

	p = copy_of(&virt);
	put_be32(p + end_tok, 4);
	expect_refused_blob(p, "missing FDT_END");

	p = copy_of(&virt);
	put_be32(p + end_tok - 4, 4);
	expect_refused_blob(p, "missing END_NODE");

	p = copy_of(&virt);
	put_be32(p + end_tok, 2);
	expect_refused_blob(p, "extra END_NODE");

	p = copy_of(&virt);
	put_be32(p + off_struct, 3);
	expect_refused_blob(p, "property outside the root");

	/* A property after a child node. */
	p = copy_of(&virt);
	node = path(&fdt, "/cpus/cpu@0/interrupt-controller");
	tok = off_struct + (u32)fdt_next_sibling(&fdt, path(&fdt, "/cpus/cpu@0")) - 4;
	assert_int_equal(get_be32(p + tok), 2);	/* cpu@0's END_NODE */
	assert_true(node > 0);
	put_be32(p + tok, 4);
	expect_refused_blob(p, "unbalanced nodes");

	/* Everything valid again: replacing a property by NOPs is fine. */
	tok = prop_token("/", "model");
	p = copy_of(&virt);
	for (u32 o = tok; o < tok + 12 + ALIGN_UP(get_be32(virt.data + tok + 4), 4U); o += 4)
		put_be32(p + o, 4);
	assert_int_equal(fdt_open(&fdt, p, virt.size), 0);
	assert_null(fdt_getprop(&fdt, 0, "model", NULL));
	assert_non_null(fdt_getprop(&fdt, 0, "compatible", NULL));
	walk_and_check(&fdt, -1);
	free(p);
}

/* Override with -DFDT_FUZZ_ROUNDS=... for a longer soak. */
#ifndef FDT_FUZZ_ROUNDS
#define FDT_FUZZ_ROUNDS 3000
#endif

static uint64_t rng_state = 0x452821e638d01377ULL;

static u32 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (u32)(rng_state >> 16);
}

/* Random byte damage: any outcome but a crash, a hang or a stray read. */
static void test_fuzz(void **state)
{
	const struct blob *src[] = { &virt, &small32 };
	int accepted = 0;

	(void)state;
	for (int round = 0; round < FDT_FUZZ_ROUNDS; round++) {
		const struct blob *b = src[round & 1];
		size_t size = b->size;
		struct fdt fdt;
		u8 *p = malloc(size);
		int node, depth = 0, n = 0;

		for (size_t i = 0; i < size; i++)
			p[i] = b->data[i];
		for (int k = 1 + (int)(rng() % 4); k; k--) {
			size_t at = rng() % size;

			switch (rng() % 4) {
			case 0:
				p[at] = (u8)rng();
				break;
			case 1:
				p[at] ^= (u8)(1u << (rng() % 8));
				break;
			case 2:	/* plausible small word: lengths, offsets, tokens */
				if (at + 4 <= size)
					put_be32(p + (at & ~(size_t)3), rng() % 64);
				break;
			default:
				size = at > 64 ? at : size;	/* truncate */
				break;
			}
		}
		if (fdt_open(&fdt, p, size) == 0) {
			accepted++;
			for (node = fdt_next_node(&fdt, -1, &depth); node >= 0 && n < 1000;
			     node = fdt_next_node(&fdt, node, &depth), n++)
				poke_everything(&fdt, node);
			fdt_path_offset(&fdt, "/cpus/cpu@0");
			fdt_path_offset(&fdt, "serial0");
			fdt_node_by_phandle(&fdt, 1);
		}
		free(p);
	}
	/* Damage to property values leaves the blob valid: some must pass. */
	print_message("fuzz: %d of %d damaged blobs accepted\n", accepted, FDT_FUZZ_ROUNDS);
	assert_true(accepted > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_header),
		cmocka_unit_test(test_chosen),
		cmocka_unit_test(test_memory_and_reserved),
		cmocka_unit_test(test_memreserve),
		cmocka_unit_test(test_cpus),
		cmocka_unit_test(test_uart),
		cmocka_unit_test(test_plic),
		cmocka_unit_test(test_compatible_iteration),
		cmocka_unit_test(test_traversal),
		cmocka_unit_test(test_small32),
		cmocka_unit_test(test_prop_cells),
		cmocka_unit_test(test_bad_node_offsets),
		cmocka_unit_test(test_corrupt_header),
		cmocka_unit_test(test_corrupt_struct),
		cmocka_unit_test(test_fuzz),
	};

	return cmocka_run_group_tests(tests, load_fixtures, free_fixtures);
}
