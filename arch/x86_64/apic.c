/*
 * The local APIC (xAPIC, memory-mapped: QEMU's TCG has no x2APIC before
 * 8.1): the per-CPU timer and IPIs. The legacy 8259 PICs are remapped
 * away from the exception vectors and masked: device interrupts come
 * through the IOAPIC (ioapic.c).
 *
 * The timer runs in TSC-deadline mode when the CPU has it (deadlines are
 * TSC values, the clock itself); otherwise in one-shot mode, its rate
 * measured against the TSC at boot. The registers are mapped (ioremap)
 * when the boot CPU first enables its interrupt sources; a deadline
 * programmed before that is armed then.
 */
#include <arch/timer.h>
#include <arch/smp.h>
#include <arch/trap.h>
#include <asm/apic.h>
#include <asm/x86.h>
#include <core/clock.h>
#include <core/cpu.h>
#include <core/mm.h>
#include <core/panic.h>
#include <core/printk.h>
#include <mica/errno.h>

#define APIC_ID 0x20
#define APIC_TPR 0x80
#define APIC_EOI 0xb0
#define APIC_SVR 0xf0
#define APIC_ICR_LO 0x300
#define APIC_ICR_HI 0x310
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_LINT0 0x350
#define APIC_LVT_LINT1 0x360
#define APIC_LVT_ERROR 0x370
#define APIC_TIMER_INIT 0x380
#define APIC_TIMER_CUR 0x390
#define APIC_TIMER_DIV 0x3e0
#define SVR_ENABLE 0x100
#define LVT_MASKED (1U << 16)
#define LVT_TSC_DEADLINE (2U << 17)
#define ICR_BUSY (1U << 12)
#define ICR_INIT (5U << 8)
#define ICR_STARTUP (6U << 8)
#define ICR_LEVEL_ASSERT (1U << 14)
#define TIMER_DIV_1 0xb
#define APIC_BASE_MASK 0xfffff000UL

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1

static volatile u8 *lapic;
static bool tsc_deadline;
static u64 lapic_mult;		/* one-shot: APIC ticks per TSC tick, 32.32 fixed point */
static u64 early_deadline[NR_CPUS];	/* programmed before the LAPIC was up; 0: none */
static bool lapic_up[NR_CPUS];

static u32 lapic_read(u32 reg) { return *(volatile u32 *)(lapic + reg); }

static void lapic_write(u32 reg, u32 val)
{
	__asm__ __volatile__("" ::: "memory");
	*(volatile u32 *)(lapic + reg) = val;
}

static void delay_us(u64 us)
{
	u64 end = arch_clock_read() + clock_freq / 1000000 * us;

	while (arch_clock_read() < end)
		cpu_relax();
}

static void send_icr(unsigned long hwid, u32 low)
{
	while (lapic_read(APIC_ICR_LO) & ICR_BUSY)
		cpu_relax();
	lapic_write(APIC_ICR_HI, (u32)hwid << 24);
	lapic_write(APIC_ICR_LO, low);
}

void pic_disable(void)
{
	/* ICW1-4: edge, cascade, vectors 0x20/0x28, 8086 mode; then mask all. */
	outb(PIC1_CMD, 0x11);
	outb(PIC2_CMD, 0x11);
	outb(PIC1_DATA, VEC_PIC_BASE);
	outb(PIC2_DATA, VEC_PIC_BASE + 8);
	outb(PIC1_DATA, 4);
	outb(PIC2_DATA, 2);
	outb(PIC1_DATA, 1);
	outb(PIC2_DATA, 1);
	outb(PIC1_DATA, 0xff);
	outb(PIC2_DATA, 0xff);
}

void lapic_eoi(void)
{
	lapic_write(APIC_EOI, 0);
}

/* One-shot mode: the APIC timer's rate against the TSC, over ~10 ms. */
static void calibrate_oneshot(void)
{
	u64 t0, t1, wait = clock_freq / 100;
	u32 left;

	lapic_write(APIC_TIMER_DIV, TIMER_DIV_1);
	lapic_write(APIC_LVT_TIMER, LVT_MASKED | VEC_TIMER);
	lapic_write(APIC_TIMER_INIT, 0xffffffff);
	t0 = arch_clock_read();
	while ((t1 = arch_clock_read()) - t0 < wait)
		cpu_relax();
	left = lapic_read(APIC_TIMER_CUR);
	lapic_write(APIC_TIMER_INIT, 0);
	lapic_mult = ((u64)(0xffffffffU - left) << 32) / (t1 - t0);
	if (!lapic_mult)
		panic("apic: the local APIC timer does not count");
	pr_info("apic: timer one-shot, %llu kHz\n",
		(unsigned long long)((lapic_mult * (clock_freq / 1000)) >> 32));
}

static void lapic_cpu_init(void)
{
	unsigned int id = cpu_id();

	if (!lapic) {
		u32 a, b, c, d;

		lapic = ioremap(rdmsr(MSR_APIC_BASE) & APIC_BASE_MASK, 4096);
		if (!lapic)
			panic("apic: cannot map the local APIC");
		cpuid(1, 0, &a, &b, &c, &d);
		tsc_deadline = c & (1U << 24);
		if (tsc_deadline)
			pr_info("apic: timer in TSC-deadline mode\n");
		else
			calibrate_oneshot();
	}
	lapic_write(APIC_TPR, 0);
	lapic_write(APIC_SVR, SVR_ENABLE | VEC_SPURIOUS);
	lapic_write(APIC_LVT_LINT0, LVT_MASKED);
	lapic_write(APIC_LVT_LINT1, LVT_MASKED);
	lapic_write(APIC_LVT_ERROR, LVT_MASKED);
	lapic_write(APIC_TIMER_DIV, TIMER_DIV_1);
	lapic_write(APIC_LVT_TIMER, VEC_TIMER | (tsc_deadline ? LVT_TSC_DEADLINE : 0));
	lapic_up[id] = true;
	if (early_deadline[id])
		arch_timer_program(early_deadline[id]);
}

void arch_irq_sources_enable(void)
{
	lapic_cpu_init();
}

void arch_timer_program(u64 deadline)
{
	unsigned int id = cpu_id();
	u64 now, delta;

	if (!lapic_up[id]) {
		early_deadline[id] = deadline;
		return;
	}
	if (tsc_deadline) {
		/* The MSR holds a raw TSC value; 0 would disarm, so a deadline
		 * already due is 1, and one beyond the counter's range never. */
		u64 raw = deadline > ~0ULL - x86_tsc_boot ? ~0ULL : deadline + x86_tsc_boot;

		wrmsr(MSR_TSC_DEADLINE, raw ? raw : 1);
		return;
	}
	/* Past deadlines fire at once; far ones early (the clock re-arms). */
	now = arch_clock_read();
	delta = deadline > now ? deadline - now : 1;
	if (delta > (1ULL << 31))
		delta = 1ULL << 31;
	delta = (delta * lapic_mult) >> 32;
	lapic_write(APIC_TIMER_INIT, delta ? (delta > 0xffffffffULL ? 0xffffffffU : (u32)delta) : 1);
}

void arch_timer_cancel(void)
{
	unsigned int id = cpu_id();

	if (!lapic_up[id]) {
		early_deadline[id] = 0;
		return;
	}
	if (tsc_deadline)
		wrmsr(MSR_TSC_DEADLINE, 0);
	else
		lapic_write(APIC_TIMER_INIT, 0);
}

void arch_send_ipi(unsigned long hwid)
{
	unsigned long flags = arch_irq_save();

	send_icr(hwid, VEC_IPI);	/* fixed delivery, physical destination */
	arch_irq_restore(flags);
}

/* The trap handler acknowledges every local APIC interrupt (lapic_eoi). */
void arch_ipi_clear(void)
{
}

/* INIT, then two STARTUPs at the trampoline's page (SDM vol. 3, 8.4.4.1). */
void lapic_start_cpu(unsigned long hwid, paddr_t start_pa)
{
	send_icr(hwid, ICR_INIT | ICR_LEVEL_ASSERT);
	delay_us(10000);
	for (int i = 0; i < 2; i++) {
		send_icr(hwid, ICR_STARTUP | ICR_LEVEL_ASSERT | (u32)(start_pa >> 12));
		delay_us(200);
	}
}
