/*
 * ACPI, the little Mica needs so far: RSDP -> XSDT (or RSDT) -> FADT for
 * the PM1 control ports and the DSDT's \_S5 package for the sleep type
 * values (found by its name in the AML and decoded by hand: no AML
 * interpreter yet), and the MADT for the IOAPIC and how ISA interrupts
 * reach it. Read once at boot while head.S's map still covers the
 * tables (ACPI memory is not RAM, so the final direct map lacks it).
 * Every length, checksum and offset is checked; a table that fails is
 * ignored with a message, and power-off falls back (cpu.c).
 */
#include <asm/acpi.h>
#include <asm/memlayout.h>
#include <core/mm.h>
#include <core/printk.h>
#include <lib/string.h>

#define SDT_HEADER 36
#define FADT_DSDT 40		/* u32 */
#define FADT_PM1A_CNT 64	/* u32 I/O port */
#define FADT_PM1B_CNT 68
#define FADT_X_DSDT 140		/* u64, ACPI 2.0+ */
#define AML_NAME_OP 0x08
#define AML_PACKAGE_OP 0x12
#define AML_BYTE_PREFIX 0x0a
#define AML_ZERO 0x00
#define AML_ONE 0x01
#define MAX_TABLE (1U << 20)

#define MADT_ENTRIES 44
#define MADT_LAPIC 0
#define MADT_IOAPIC 1
#define MADT_ISO 2	/* interrupt source override */

struct acpi_power acpi_power;
struct acpi_irq acpi_irq;

static const u8 *mapped(u64 pa, u64 len)
{
	u64 limit = (u64)BOOT_DIRECT_MAP_GIB << 30;

	if (!pa || pa >= limit || len > limit - pa)
		return NULL;
	return phys_to_virt(pa);
}

static u32 rd32(const u8 *p) { return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24; }
static u64 rd64(const u8 *p) { return rd32(p) | (u64)rd32(p + 4) << 32; }

static bool checksum_ok(const u8 *p, u32 len)
{
	u8 sum = 0;

	for (u32 i = 0; i < len; i++)
		sum += p[i];
	return sum == 0;
}

/* A whole table with a valid header and checksum, or NULL. */
static const u8 *table(u64 pa, const char *sig)
{
	const u8 *h = mapped(pa, SDT_HEADER);
	u32 len;

	if (!h || memcmp(h, sig, 4))
		return NULL;
	len = rd32(h + 4);
	if (len < SDT_HEADER || len > MAX_TABLE || !mapped(pa, len) || !checksum_ok(h, len)) {
		pr_warn("acpi: %.4s at %llx is corrupt, ignored\n", sig, (unsigned long long)pa);
		return NULL;
	}
	return h;
}

/* Mapped for the 36 bytes of a revision 2 RSDP; the first 20 checksum. */
static bool is_rsdp(const u8 *p)
{
	return p && !memcmp(p, "RSD PTR ", 8) && checksum_ok(p, 20);
}

static const u8 *find_rsdp(u64 hint)
{
	const u8 *p = mapped(hint, 36);

	if (is_rsdp(p))
		return p;
	/* No hint: the BIOS area, on 16-byte boundaries (ACPI 5.2.5.1). */
	for (u64 pa = 0xe0000; pa < 0x100000; pa += 16)
		if (is_rsdp(p = mapped(pa, 36)))
			return p;
	return NULL;
}

/* The table with this signature listed in the XSDT (or RSDT), or NULL. */
static const u8 *find_table(const u8 *rsdp, const char *sig)
{
	/* Revision 2 and later: 36 bytes, with the XSDT's 64-bit address. */
	const u8 *t = rsdp[15] >= 2 ? table(rd64(rsdp + 24), "XSDT") : NULL;
	unsigned int esz = 8;

	if (!t) {
		t = table(rd32(rsdp + 16), "RSDT");
		esz = 4;
	}
	if (!t)
		return NULL;
	for (u32 off = SDT_HEADER; off + esz <= rd32(t + 4); off += esz) {
		u64 pa = esz == 8 ? rd64(t + off) : rd32(t + off);
		const u8 *h = mapped(pa, 4);

		if (h && !memcmp(h, sig, 4))
			return table(pa, sig);
	}
	return NULL;
}

/* The first IOAPIC and the ISA overrides; else the PC's defaults stay. */
static void parse_madt(const u8 *madt)
{
	u32 len = rd32(madt + 4);

	for (u32 off = MADT_ENTRIES; off + 2 <= len;) {
		const u8 *e = madt + off;

		if (e[1] < 2 || e[1] > len - off)
			break;
		if (e[0] == MADT_LAPIC && e[1] >= 8 && (rd32(e + 4) & 1) &&
		    acpi_irq.nr_lapics < ARRAY_SIZE(acpi_irq.lapic_ids)) {
			acpi_irq.lapic_ids[acpi_irq.nr_lapics++] = e[3];	/* enabled CPU */
		} else if (e[0] == MADT_IOAPIC && e[1] >= 12 && !acpi_irq.ioapic_found) {
			acpi_irq.ioapic_pa = rd32(e + 4);
			acpi_irq.ioapic_gsi_base = rd32(e + 8);
			acpi_irq.ioapic_found = true;
		} else if (e[0] == MADT_ISO && e[1] >= 10 && e[2] == 0 && e[3] < 16) {
			acpi_irq.isa_gsi[e[3]] = rd32(e + 4);
			acpi_irq.isa_flags[e[3]] = (u16)(e[8] | e[9] << 8);
		}
		off += e[1];
	}
}

static void irq_defaults(void)
{
	acpi_irq.ioapic_pa = 0xfec00000;	/* the PC's IOAPIC, GSIs 0-23 */
	for (unsigned int i = 0; i < 16; i++)
		acpi_irq.isa_gsi[i] = i;
}

/* One small integer of a package: ZeroOp, OneOp or BytePrefix n. */
static int aml_int(const u8 **p, const u8 *end)
{
	if (*p >= end)
		return -1;
	if (**p == AML_ZERO || **p == AML_ONE)
		return *(*p)++;
	if (**p == AML_BYTE_PREFIX && *p + 1 < end) {
		*p += 2;
		return (*p)[-1];
	}
	return -1;
}

/* \_S5: NameOp "_S5_" PackageOp PkgLength NumElements SLP_TYPa SLP_TYPb ... */
static bool find_s5(const u8 *dsdt, u32 len)
{
	const u8 *end = dsdt + len;

	for (const u8 *p = dsdt + SDT_HEADER; p + 8 < end; p++) {
		int a, b;

		if (memcmp(p, "_S5_", 4) || p[4] != AML_PACKAGE_OP)
			continue;
		if (p[-1] != AML_NAME_OP && !(p[-1] == '\\' && p[-2] == AML_NAME_OP))
			continue;
		p += 5;
		p += 1 + (*p >> 6);	/* PkgLength: 1 to 4 bytes */
		p++;			/* NumElements */
		a = aml_int(&p, end);
		b = aml_int(&p, end);
		if (a < 0 || b < 0 || a > 7 || b > 7)
			return false;
		acpi_power.slp_typ_a = (u16)a;
		acpi_power.slp_typ_b = (u16)b;
		return true;
	}
	return false;
}

void acpi_init(u64 rsdp_pa)
{
	const u8 *rsdp = find_rsdp(rsdp_pa), *fadt, *dsdt, *madt;
	u64 dsdt_pa;

	irq_defaults();
	if (!rsdp) {
		pr_warn("acpi: no RSDP\n");
		return;
	}
	madt = find_table(rsdp, "APIC");
	if (madt)
		parse_madt(madt);
	fadt = find_table(rsdp, "FACP");
	if (!fadt || rd32(fadt + 4) < FADT_PM1B_CNT + 4) {
		pr_warn("acpi: no usable FADT\n");
		return;
	}
	dsdt_pa = rd32(fadt + 4) >= FADT_X_DSDT + 8 && rd64(fadt + FADT_X_DSDT) ?
			  rd64(fadt + FADT_X_DSDT) : rd32(fadt + FADT_DSDT);
	dsdt = table(dsdt_pa, "DSDT");
	if (!dsdt || !find_s5(dsdt, rd32(dsdt + 4))) {
		pr_warn("acpi: no \\_S5 in the DSDT: no ACPI power-off\n");
		return;
	}
	acpi_power.pm1a_cnt = (u16)rd32(fadt + FADT_PM1A_CNT);
	acpi_power.pm1b_cnt = (u16)rd32(fadt + FADT_PM1B_CNT);
	acpi_power.s5_ok = acpi_power.pm1a_cnt != 0;
}
