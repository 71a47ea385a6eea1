/*
 * panic: the one way out for a broken kernel invariant. The first CPU to
 * panic prints the message, the registers and a symbolized backtrace, then
 * stops the others with an IPI and halts. A CPU that panics while another
 * one already is just halts quietly.
 */
#include <core/panic.h>
#include <core/printk.h>
#include <core/console.h>
#include <core/ksyms.h>
#include <core/ipi.h>
#include <core/cpu.h>
#include <arch/trap.h>
#include <core/mm.h>
#include <lib/printf.h>

volatile bool panic_in_progress;
static int panic_owner = -1;

static void print_frame(unsigned long pc)
{
	unsigned long off;
	const char *name = ksym_lookup(pc, &off);

	if (name)
		printk(LOG_EMERG, "  [<%016lx>] %s+0x%lx\n", pc, name, off);
	else
		printk(LOG_EMERG, "  [<%016lx>] ?\n", pc);
}

/* Walk the frame-pointer chain; stops at anything that is not a plausible
 * kernel stack address so a corrupt chain cannot fault here. */
void dump_backtrace(unsigned long fp, unsigned long pc)
{
	printk(LOG_EMERG, "Call trace:\n");
	if (pc)
		print_frame(pc);
	for (int depth = 0; depth < 32; depth++) {
		struct arch_frame f;

		if (fp < PAGE_OFFSET || !arch_frame_read(fp, &f))
			break;
		if (!f.ra)
			break;
		print_frame(f.ra);
		if (f.fp <= fp)
			break;
		fp = f.fp;
	}
}

static bool panic_begin(void)
{
	int me = (int)cpu_id();
	int expected = -1;

	local_irq_disable();
	if (!__atomic_compare_exchange_n(&panic_owner, &expected, me, false, __ATOMIC_SEQ_CST,
					 __ATOMIC_SEQ_CST))
		return false;
	panic_in_progress = true;
	console_panic_mode();
	return true;
}

static __noreturn void panic_finish(void)
{
	ipi_send_others(IPI_STOP);
	printk(LOG_EMERG, "---[ end Kernel panic ]---\n");
	arch_halt();
}

/* The report: message, registers (of tf, or of the caller) and backtrace. */
static __noreturn void panic_report(const struct trapframe *tf, const char *fmt, va_list ap)
{
	char msg[256];

	if (!panic_begin())
		arch_halt();
	vsnprintf(msg, sizeof(msg), fmt, ap);
	printk(LOG_EMERG, "Kernel panic - %s (cpu %u)\n", msg, cpu_id());
	if (tf) {
		arch_dump_regs(tf);
		dump_backtrace(arch_tf_fp(tf), arch_tf_pc(tf));
	} else {
		arch_dump_current_regs();
		dump_backtrace(arch_current_fp(), 0);
	}
	panic_finish();
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	panic_report(NULL, fmt, ap);
}

void panic_tf(const struct trapframe *tf, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	panic_report(tf, fmt, ap);
}

void warn_slowpath(const char *file, int line, const char *cond)
{
	printk(LOG_WARN, "WARNING: %s:%d: %s (cpu %u)\n", file, line, cond, cpu_id());
	dump_backtrace(arch_current_fp(), 0);
}
