/*
 * The IOAPIC as the interrupt controller of core/irq.c: line n is global
 * system interrupt n, delivered to vector VEC_IRQ_BASE + pin on the CPU
 * the line is routed to. The CPU does not say which line interrupted, so
 * the trap handler records the vector's line (x86_irq_pending) and
 * claim() hands it over once; complete() is the local APIC's EOI. Where
 * the IOAPIC is and how ISA lines reach it come from ACPI's MADT
 * (acpi.c), else the PC's defaults.
 *
 * Lock: ioapic.lock serializes the select/window register pairs.
 */
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/percpu.h>
#include <core/cpu.h>
#include <core/device.h>
#include <core/irq.h>
#include <core/mm.h>
#include <core/spinlock.h>
#include <mica/errno.h>

#define IOREGSEL 0x00
#define IOWIN 0x10
#define IOAPIC_VER 0x01
#define IOAPIC_REDTBL(pin) (0x10 + 2 * (pin))
#define RTE_POLARITY_LOW (1U << 13)
#define RTE_LEVEL (1U << 15)
#define RTE_MASKED (1U << 16)

static struct {
	volatile u32 *regs;
	unsigned int pins;
	spinlock_t lock;
	struct irqchip chip;
} ioapic;

static u32 ioapic_read(u32 reg)
{
	ioapic.regs[IOREGSEL / 4] = reg;
	return ioapic.regs[IOWIN / 4];
}

static void ioapic_write(u32 reg, u32 val)
{
	ioapic.regs[IOREGSEL / 4] = reg;
	ioapic.regs[IOWIN / 4] = val;
}

/* Set by the trap handler for vectors VEC_IRQ_BASE..: the line of this CPU's interrupt. */
void x86_irq_pending(unsigned int vector)
{
	x86_percpu_of(cpu_id())->pending_irq = acpi_irq.ioapic_gsi_base + vector - VEC_IRQ_BASE;
}

static unsigned int ioapic_claim(struct irqchip *chip)
{
	struct x86_percpu *pc = x86_percpu_of(cpu_id());
	unsigned int irq = pc->pending_irq;

	(void)chip;
	pc->pending_irq = 0;
	return irq;
}

static void ioapic_complete(struct irqchip *chip, unsigned int irq)
{
	(void)chip;
	(void)irq;
	lapic_eoi();
}

/* An ISA line's polarity and trigger: edge, active high unless the MADT overrides. */
static u32 line_mode(unsigned int gsi)
{
	for (unsigned int isa = 0; isa < 16; isa++) {
		u16 f = acpi_irq.isa_flags[isa];

		if (acpi_irq.isa_gsi[isa] != gsi)
			continue;
		return ((f & 3) == 3 ? RTE_POLARITY_LOW : 0) | (((f >> 2) & 3) == 3 ? RTE_LEVEL : 0);
	}
	return RTE_POLARITY_LOW | RTE_LEVEL;	/* PCI lines */
}

static void ioapic_enable(struct irqchip *chip, unsigned int irq, unsigned int cpu)
{
	unsigned int pin = irq - acpi_irq.ioapic_gsi_base;
	unsigned long flags = spin_lock_irqsave(&ioapic.lock);

	(void)chip;
	ioapic_write(IOAPIC_REDTBL(pin) + 1, (u32)cpus[cpu].hwid << 24);
	ioapic_write(IOAPIC_REDTBL(pin), (VEC_IRQ_BASE + pin) | line_mode(irq));
	spin_unlock_irqrestore(&ioapic.lock, flags);
}

static void ioapic_disable(struct irqchip *chip, unsigned int irq)
{
	unsigned int pin = irq - acpi_irq.ioapic_gsi_base;
	unsigned long flags = spin_lock_irqsave(&ioapic.lock);

	(void)chip;
	ioapic_write(IOAPIC_REDTBL(pin), RTE_MASKED);
	spin_unlock_irqrestore(&ioapic.lock, flags);
}

static int ioapic_probe(struct dt_device *dev)
{
	(void)dev;
	if (ioapic.regs)
		return -EBUSY;
	ioapic.regs = ioremap(acpi_irq.ioapic_pa, 4096);
	if (!ioapic.regs)
		return -ENOMEM;
	spin_lock_init(&ioapic.lock, "ioapic.lock");
	ioapic.pins = ((ioapic_read(IOAPIC_VER) >> 16) & 0xff) + 1;
	if (ioapic.pins > VEC_IRQ_PINS)
		ioapic.pins = VEC_IRQ_PINS;
	for (unsigned int pin = 0; pin < ioapic.pins; pin++)
		ioapic_write(IOAPIC_REDTBL(pin), RTE_MASKED);
	ioapic.chip = (struct irqchip){
		.name = "ioapic",
		.nr_irqs = acpi_irq.ioapic_gsi_base + ioapic.pins,
		.claim = ioapic_claim,
		.complete = ioapic_complete,
		.enable = ioapic_enable,
		.disable = ioapic_disable,
	};
	return irqchip_register(&ioapic.chip);
}

static const char *const ioapic_compat[] = { "intel,ioapic", NULL };
static const struct dt_driver ioapic_driver = {
	.name = "ioapic",
	.compatible = ioapic_compat,
	.stage = 0,
	.probe = ioapic_probe,
};
DT_DRIVER(ioapic_driver);
