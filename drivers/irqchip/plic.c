/*
 * RISC-V Platform-Level Interrupt Controller. Each hart's S-mode has a
 * context (found from interrupts-extended: the entries whose cause is 9,
 * supervisor external); a context has enable bits per line, a priority
 * threshold and a claim/complete register.
 *
 * Lock: plic_lock guards the read-modify-write of enable words.
 */
#include <core/boot.h>
#include <core/cpu.h>
#include <core/device.h>
#include <core/irq.h>
#include <core/spinlock.h>
#include <arch/io.h>
#include <mica/errno.h>

#define PLIC_PRIORITY(irq) (4 * (irq))
#define PLIC_ENABLE(ctx, irq) (0x2000 + 0x80 * (ctx) + 4 * ((irq) / 32))
#define PLIC_THRESHOLD(ctx) (0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx) (0x200004 + 0x1000 * (ctx))
#define IRQ_CAUSE_S_EXT 9

struct plic {
	u8 *regs;
	int ctx_of_cpu[NR_CPUS];	/* -1: no S-mode context */
	struct irqchip chip;
};

static struct plic plic;
static DEFINE_SPINLOCK(plic_lock);

static u32 rd(u32 off) { return mmio_read32(plic.regs + off); }
static void wr(u32 off, u32 v) { mmio_write32(plic.regs + off, v); }

static unsigned int plic_claim(struct irqchip *chip)
{
	int ctx = plic.ctx_of_cpu[cpu_id()];

	(void)chip;
	return ctx < 0 ? 0 : rd(PLIC_CLAIM(ctx));
}

static void plic_complete(struct irqchip *chip, unsigned int irq)
{
	(void)chip;
	wr(PLIC_CLAIM(plic.ctx_of_cpu[cpu_id()]), irq);
}

static void set_enable(int ctx, unsigned int irq, bool on)
{
	unsigned long flags = spin_lock_irqsave(&plic_lock);
	u32 v = rd(PLIC_ENABLE(ctx, irq));

	v = on ? v | (1U << (irq % 32)) : v & ~(1U << (irq % 32));
	wr(PLIC_ENABLE(ctx, irq), v);
	spin_unlock_irqrestore(&plic_lock, flags);
}

static void plic_enable(struct irqchip *chip, unsigned int irq, unsigned int cpu)
{
	(void)chip;
	if (plic.ctx_of_cpu[cpu] < 0)
		return;
	wr(PLIC_PRIORITY(irq), 1);
	set_enable(plic.ctx_of_cpu[cpu], irq, true);
}

static void plic_disable(struct irqchip *chip, unsigned int irq)
{
	(void)chip;
	for (unsigned int c = 0; c < NR_CPUS; c++)
		if (plic.ctx_of_cpu[c] >= 0)
			set_enable(plic.ctx_of_cpu[c], irq, false);
}

static void plic_cpu_init(struct irqchip *chip, unsigned int cpu)
{
	(void)chip;
	if (plic.ctx_of_cpu[cpu] >= 0)
		wr(PLIC_THRESHOLD(plic.ctx_of_cpu[cpu]), 0);
}

/* Logical CPU of the hart whose interrupt controller node is intc. */
static int cpu_of_intc(const struct fdt *fdt, int intc)
{
	int cpu_node = fdt_parent(fdt, intc);
	u64 hwid, size;

	if (cpu_node < 0 || fdt_reg(fdt, cpu_node, 0, &hwid, &size))
		return -1;
	for (unsigned int i = 0; i < boot_info.nr_cpus; i++)
		if (boot_info.cpu_hwids[i] == hwid)
			return (int)i;
	return -1;
}

static int plic_probe(struct dt_device *dev)
{
	u32 len, ndev;
	const void *ext;
	u64 phandle, cause;

	if (plic.regs)
		return -EBUSY;
	if (fdt_prop_u32(dev->fdt, dev->node, "riscv,ndev", &ndev))
		return -EINVAL;
	ext = fdt_getprop(dev->fdt, dev->node, "interrupts-extended", &len);
	if (!ext)
		return -EINVAL;
	for (unsigned int c = 0; c < NR_CPUS; c++)
		plic.ctx_of_cpu[c] = -1;
	for (int ctx = 0; fdt_prop_cells(ext, len, 2 * ctx, 1, &phandle) == 0 &&
			  fdt_prop_cells(ext, len, 2 * ctx + 1, 1, &cause) == 0; ctx++) {
		int intc = fdt_node_by_phandle(dev->fdt, (u32)phandle);
		int cpu = intc >= 0 ? cpu_of_intc(dev->fdt, intc) : -1;

		if (cpu >= 0 && cause == IRQ_CAUSE_S_EXT)
			plic.ctx_of_cpu[cpu] = ctx;
	}
	plic.regs = dt_device_ioremap(dev, 0, NULL);
	if (!plic.regs)
		return -ENOMEM;
	/* Everything off until requested, on every context. */
	for (unsigned int c = 0; c < NR_CPUS; c++)
		for (unsigned int irq = 0; irq <= ndev && plic.ctx_of_cpu[c] >= 0; irq += 32)
			wr(PLIC_ENABLE(plic.ctx_of_cpu[c], irq), 0);
	plic.chip = (struct irqchip){
		.name = "plic",
		.nr_irqs = MIN(ndev + 1, (u32)NR_IRQS),
		.claim = plic_claim,
		.complete = plic_complete,
		.enable = plic_enable,
		.disable = plic_disable,
		.cpu_init = plic_cpu_init,
	};
	return irqchip_register(&plic.chip);
}

static const char *const plic_compat[] = { "riscv,plic0", "sifive,plic-1.0.0", NULL };
static const struct dt_driver plic_driver = {
	.name = "plic",
	.compatible = plic_compat,
	.stage = 0,
	.probe = plic_probe,
};
DT_DRIVER(plic_driver);
