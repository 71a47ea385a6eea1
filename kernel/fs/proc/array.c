/*
 * /proc/<pid>/{stat,status,statm}, field for field as Linux's
 * fs/proc/array.c lays them out, for ps, top and friends.
 */
#include "internal.h"
#include <core/mm.h>
#include <core/cpu.h>
#include <lib/string.h>
#include <mica/errno.h>

#define RLIMIT_RSS 5
#define RLIMIT_SIGPENDING 11
#define SIGCHLD_NR 17
#define CAP_FULL 0x000001ffffffffffULL	/* every capability Linux 6.1 knows */

static unsigned long ns_to_clock_t(u64 ns)
{
	return (unsigned long)(ns / NS_PER_USER_TICK);
}

static unsigned long kb(unsigned long pages)
{
	return pages << (PAGE_SHIFT - 10);
}

int proc_show_stat(struct proc_inode *pi, struct seqbuf *s)
{
	struct proc_snap ps;
	struct mm_usage u = { 0 };
	vaddr_t brk_start = 0, arg_start = 0, arg_end = 0, env_start = 0, env_end = 0;
	int err = proc_snap_get(pi->pid, pi->tid, SNAP_MM, &ps);

	if (err)
		return err;
	if (ps.mm) {
		proc_mm_usage(ps.mm, &u);
		brk_start = ps.mm->brk_start;
		arg_start = ps.mm->arg_start;
		arg_end = ps.mm->arg_end;
		env_start = ps.mm->env_start;
		env_end = ps.mm->env_end;
	}
	/* pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt
	 * majflt cmajflt utime stime cutime cstime priority nice num_threads
	 * itrealvalue starttime vsize rss rsslim */
	seq_printf(s, "%d (%s) %c %d %d %d %d %d %u %lu %lu %lu %lu %lu %lu %lu %lu %ld %ld %d 0 %llu %lu %lu %llu",
		   pi->tid ? ps.tid : ps.pid, ps.comm, ps.state, ps.ppid, ps.pgid, ps.sid,
		   0 /* no controlling tty yet */, -1, 0x400000U /* PF_RANDOMIZE */, 0UL, 0UL,
		   0UL, 0UL, ns_to_clock_t(ps.utime_ns), ns_to_clock_t(ps.stime_ns),
		   ns_to_clock_t(ps.cutime_ns), ns_to_clock_t(ps.cstime_ns), 20L, 0L, ps.nr_threads,
		   (unsigned long long)(ps.start_ns / NS_PER_USER_TICK), u.total << PAGE_SHIFT,
		   u.rss, (unsigned long long)ps.rlim[RLIMIT_RSS].cur);
	/* startcode endcode startstack kstkesp kstkeip signal blocked sigignore
	 * sigcatch wchan nswap cnswap exit_signal processor rt_priority policy
	 * delayacct_blkio_ticks guest_time cguest_time start_data end_data
	 * start_brk arg_start arg_end env_start env_end exit_code */
	seq_printf(s, " %lu %lu %lu 0 0 %llu %llu %llu %llu %d 0 0 %d %u 0 0 0 0 0 %lu %lu %lu %lu %lu %lu %lu %d\n",
		   (unsigned long)u.start_code, (unsigned long)u.end_code,
		   (unsigned long)u.start_stack, (unsigned long long)(ps.pending & 0x7fffffff),
		   (unsigned long long)(ps.blocked & 0x7fffffff),
		   (unsigned long long)(ps.ignored & 0x7fffffff),
		   (unsigned long long)(ps.caught & 0x7fffffff),
		   ps.state == 'S' || ps.state == 'D' ? 1 : 0,
		   pi->tid && pi->tid != ps.pid ? -1 : SIGCHLD_NR, ps.cpu,
		   (unsigned long)u.start_data, (unsigned long)u.end_data,
		   (unsigned long)brk_start, (unsigned long)arg_start, (unsigned long)arg_end,
		   (unsigned long)env_start, (unsigned long)env_end, ps.exit_code);
	proc_snap_put(&ps);
	return 0;
}

int proc_show_statm(struct proc_inode *pi, struct seqbuf *s)
{
	struct proc_snap ps;
	struct mm_usage u = { 0 };
	int err = proc_snap_get(pi->pid, pi->tid, SNAP_MM, &ps);

	if (err)
		return err;
	if (ps.mm)
		proc_mm_usage(ps.mm, &u);
	/* size resident shared text lib data dt, in pages */
	seq_printf(s, "%lu %lu %lu %lu 0 %lu 0\n", u.total, u.rss, 0UL,
		   (unsigned long)((u.end_code - u.start_code) >> PAGE_SHIFT), u.data + u.stack);
	proc_snap_put(&ps);
	return 0;
}

static void put_sigset(struct seqbuf *s, const char *name, sigset_t set)
{
	seq_printf(s, "%s:\t%016llx\n", name, (unsigned long long)set);
}

/* A CPU mask as Linux's %*pbl: "0-3,5". */
static void put_cpu_list(struct seqbuf *s, cpumask_t mask)
{
	bool first = true;

	for (unsigned int c = 0; c < nr_cpus; c++) {
		unsigned int e = c;

		if (!(mask & cpumask_of(c)))
			continue;
		while (e + 1 < nr_cpus && (mask & cpumask_of(e + 1)))
			e++;
		seq_printf(s, e > c ? "%s%u-%u" : "%s%u", first ? "" : ",", c, e);
		first = false;
		c = e;
	}
	seq_putc(s, '\n');
}

int proc_show_status(struct proc_inode *pi, struct seqbuf *s)
{
	struct proc_snap ps;
	struct mm_usage u;
	cpumask_t cpus;
	u64 caps;
	int err = proc_snap_get(pi->pid, pi->tid, SNAP_MM, &ps);

	if (err)
		return err;
	seq_printf(s, "Name:\t%s\n", ps.comm);
	seq_printf(s, "Umask:\t%#04o\n", ps.umask);
	seq_printf(s, "State:\t%s\n", proc_state_name(ps.state));
	seq_printf(s, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n", ps.pid,
		   pi->tid ? ps.tid : ps.pid, ps.ppid);
	seq_printf(s, "Uid:\t%u\t%u\t%u\t%u\n", ps.cred.uid, ps.cred.euid, ps.cred.suid,
		   ps.cred.fsuid);
	seq_printf(s, "Gid:\t%u\t%u\t%u\t%u\n", ps.cred.gid, ps.cred.egid, ps.cred.sgid,
		   ps.cred.fsgid);
	seq_printf(s, "FDSize:\t%d\nGroups:\t", NR_OPEN_DEFAULT);
	for (u32 g = 0; g < ps.cred.ngroups && g < NGROUPS_MAX_MICA; g++)
		seq_printf(s, g ? " %u" : "%u", ps.cred.groups[g]);
	seq_printf(s, " \nNStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n", ps.pid,
		   pi->tid ? ps.tid : ps.pid, ps.pgid, ps.sid);
	if (ps.mm) {
		unsigned long lib;

		proc_mm_usage(ps.mm, &u);
		lib = u.exec - ((u.end_code - u.start_code) >> PAGE_SHIFT);
		seq_printf(s, "VmPeak:\t%8lu kB\nVmSize:\t%8lu kB\nVmLck:\t%8lu kB\nVmPin:\t%8lu kB\n",
			   kb(u.total), kb(u.total), 0UL, 0UL);
		seq_printf(s, "VmHWM:\t%8lu kB\nVmRSS:\t%8lu kB\nRssAnon:\t%8lu kB\n"
			   "RssFile:\t%8lu kB\nRssShmem:\t%8lu kB\n",
			   kb(u.max_rss), kb(u.rss), kb(u.rss), 0UL, 0UL);
		seq_printf(s, "VmData:\t%8lu kB\nVmStk:\t%8lu kB\nVmExe:\t%8lu kB\nVmLib:\t%8lu kB\n"
			   "VmPTE:\t%8lu kB\nVmSwap:\t%8lu kB\nHugetlbPages:\t%8lu kB\n",
			   kb(u.data), kb(u.stack), (unsigned long)(u.end_code - u.start_code) >> 10,
			   kb(lib), 0UL, 0UL, 0UL);
		seq_puts(s, "CoreDumping:\t0\nTHP_enabled:\t0\n");
	}
	seq_printf(s, "Threads:\t%d\nSigQ:\t0/%llu\n", ps.nr_threads,
		   (unsigned long long)ps.rlim[RLIMIT_SIGPENDING].cur);
	put_sigset(s, "SigPnd", ps.pending);
	put_sigset(s, "ShdPnd", ps.pending);
	put_sigset(s, "SigBlk", ps.blocked);
	put_sigset(s, "SigIgn", ps.ignored);
	put_sigset(s, "SigCgt", ps.caught);
	caps = ps.cred.euid ? 0 : CAP_FULL;
	seq_printf(s, "CapInh:\t%016llx\nCapPrm:\t%016llx\nCapEff:\t%016llx\nCapBnd:\t%016llx\n"
		   "CapAmb:\t%016llx\n", 0ULL, (unsigned long long)caps,
		   (unsigned long long)caps, CAP_FULL, 0ULL);
	seq_puts(s, "NoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n"
		 "Speculation_Store_Bypass:\tunknown\nSpeculationIndirectBranch:\tunknown\n");
	cpus = ps.cpus_allowed & (nr_cpus >= 64 ? CPUMASK_ALL : (1ULL << nr_cpus) - 1);
	seq_printf(s, "Cpus_allowed:\t%llx\nCpus_allowed_list:\t", (unsigned long long)cpus);
	put_cpu_list(s, cpus);
	seq_puts(s, "Mems_allowed:\t1\nMems_allowed_list:\t0\n");
	seq_puts(s, "voluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n");
	proc_snap_put(&ps);
	return 0;
}
