/*
 * start_kernel: the boot CPU's path from the arch entry to a running
 * system, and secondary_main for the other CPUs.
 */
#include <core/boot.h>
#include <core/clock.h>
#include <core/console.h>
#include <core/device.h>
#include <core/irq.h>
#include <core/kmalloc.h>
#include <core/mm.h>
#include <core/panic.h>
#include <core/printk.h>
#include <core/smp.h>
#include <arch/boot.h>
#include <arch/trap.h>
#include <arch/power.h>
#include <kernel/sched.h>
#include <kernel/ktest.h>
#include <kernel/init.h>
#include <kernel/vfs.h>
#include <kernel/mount.h>
#include <kernel/pagecache.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/syscall.h>
#include <lib/cmdline.h>
#include <lib/string.h>
#include <mica/err.h>

#define MICA_VERSION "0.1"

struct cmdline kernel_cmdline;

static void parse_cmdline(void)
{
	unsigned long level;
	int err = cmdline_parse(&kernel_cmdline, boot_info.bootargs);

	if (err)
		pr_warn("cmdline: ignoring malformed command line (%d)\n", err);
	if (cmdline_get_ulong(&kernel_cmdline, "loglevel", &level) == 0)
		console_loglevel = (int)MIN(level, 8UL);
}

/* Parameters the kernel itself understands; the rest is kept for init. */
static const char *const kernel_params[] = { "loglevel", "init", "rdinit", "ktest",
					      "ktest.keep", "ktest.crash", "trace", "root",
					      "rootfstype", "rootflags", "rootwait", "rootdelay",
					      "ro", "rw", NULL };

static void show_init_args(void)
{
	const char *argv[INIT_MAX_ARGS], *envp[INIT_MAX_ENVS];
	int nargv = 0, nenvp = 0;

	if (cmdline_init_args(&kernel_cmdline, kernel_params, argv, INIT_MAX_ARGS - 1, envp,
			      INIT_MAX_ENVS - 2, &nargv, &nenvp))
		pr_warn("cmdline: too many words for init\n");
	for (int i = 0; i < nargv; i++)
		pr_info("init argument: %s\n", argv[i]);
	for (int i = 0; i < nenvp; i++)
		pr_info("init environment: %s\n", envp[i]);
}

/*
 * The first user process, chosen as Linux chooses it (kernel/proc/init.c):
 * rdinit (when the initramfs has it), init=, then the usual places. Like Linux, it
 * gets the command-line words the kernel did not use, as arguments or
 * (with an '=') environment. Returns -ENOENT when there is nothing to run.
 */
static int start_user_init(const char *rdinit)
{
	const char *init = cmdline_get(&kernel_cmdline, "init");
	const char *argv[INIT_MAX_ARGS], *envp[INIT_MAX_ENVS + 1] = { "HOME=/", "TERM=linux" };
	int nargv = 0, nenvp = 0, err;

	/* show_init_args() has warned about words that do not fit. */
	cmdline_init_args(&kernel_cmdline, kernel_params, argv, INIT_MAX_ARGS - 1, envp + 2,
			  INIT_MAX_ENVS - 2, &nargv, &nenvp);
	argv[nargv] = NULL;
	envp[nenvp + 2] = NULL;
	err = proc_start_init(rdinit, init && *init ? init : NULL, argv, envp);
	if (err && err != -ENOENT)
		pr_err("init: cannot start: %d\n", err);
	return err;
}

/*
 * As Linux's kernel_init_freeable(): when the initramfs has an init of its
 * own (rdinit=, default /init), that runs and the root stays; otherwise
 * rdinit is forgotten (an /init on the disk is not run) and root= names
 * the root file system on a disk (prepare_namespace()). ro is the default,
 * as on Linux. Returns the rdinit to run, or NULL.
 */
static const char *prepare_namespace(void)
{
	const char *root = cmdline_get(&kernel_cmdline, "root");
	const char *rdinit = cmdline_get(&kernel_cmdline, "rdinit");
	unsigned long delay = 0;
	struct inode *ino;

	if (!rdinit || !*rdinit)
		rdinit = "/init";
	ino = vfs_lookup(AT_FDCWD, rdinit, true);
	if (!IS_ERR(ino)) {
		inode_put(ino);
		return rdinit;
	}
	if (!root || !*root)
		return NULL;
	cmdline_get_ulong(&kernel_cmdline, "rootdelay", &delay);
	vfs_mount_root_device(root, cmdline_get(&kernel_cmdline, "rootfstype"),
			      cmdline_get(&kernel_cmdline, "rootflags"),
			      !cmdline_has(&kernel_cmdline, "rw") || cmdline_has(&kernel_cmdline, "ro"),
			      cmdline_has(&kernel_cmdline, "rootwait"), delay);
	return NULL;
}

static void init_thread(void *arg)
{
	(void)arg;
	filemap_start_flusher();
	vfs_init();
	if (cmdline_has(&kernel_cmdline, "ktest.crash"))
		ktest_crash(cmdline_get(&kernel_cmdline, "ktest.crash"));
	if (cmdline_has(&kernel_cmdline, "ktest")) {
		/* The verdicts are on the console; the harness reads them there. */
		ktest_run(cmdline_get(&kernel_cmdline, "ktest"));
		if (!cmdline_has(&kernel_cmdline, "ktest.keep"))
			arch_poweroff();
	}
	if (start_user_init(prepare_namespace()) == 0)
		return;
	kernel_monitor();
}

/* hwid: the boot CPU's hardware id; boot_data_pa: see include/arch/boot.h. */
void start_kernel(unsigned long hwid, paddr_t boot_data_pa)
{
	const char *why = "";
	int err;

	smp_init_boot_cpu(hwid);
	arch_trap_init();
	err = arch_boot_info_init(hwid, boot_data_pa, &why);
	if (err) {
		printk(LOG_EMERG, "mica: refusing the %s at %llx: %s (%d); halting\n",
		       arch_boot_data_name, (unsigned long long)boot_data_pa, why, err);
		arch_halt();
	}
	clock_init(boot_info.timebase_freq);
	parse_cmdline();
	syscall_trace_init();
	frame_init();
	kmalloc_init();
	kernel_pt_init();
	mm_init();
	sched_init();
	clock_cpu_init(0);
	dt_probe_all();
	cpus[0].online = true;
	arch_irq_sources_enable();
	local_irq_enable();
	smp_start_secondaries();

	printk(LOG_EMERG, "Mica %s (" ARCH_NAME "): %u harts, %lu MiB free of %lu MiB\n", MICA_VERSION,
	       nr_cpus, frame_free_count() >> (20 - PAGE_SHIFT),
	       frame_total_count() >> (20 - PAGE_SHIFT));
	if (*boot_info.bootargs)
		pr_info("command line: %s\n", boot_info.bootargs);
	show_init_args();
	if (IS_ERR(kthread_run("kinit", init_thread, NULL)))
		panic("cannot start the init thread");
	cpu_idle();
}

void secondary_main(struct cpu *cpu)
{
	(void)cpu;
	arch_trap_init();
	clock_cpu_init(cpu_id());
	irq_cpu_init(cpu_id());
	sched_cpu_init();
	arch_irq_sources_enable();
	smp_store_release(&this_cpu()->online, true);
	local_irq_enable();
	cpu_idle();
}
