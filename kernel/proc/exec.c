/*
 * exec: build a new address space from an ELF image, with argv, envp and
 * the auxiliary vector on a fresh stack, and switch the process to it.
 * Everything that can fail happens before the old image is dropped, so a
 * failed exec leaves the caller as it was.
 */
#include <kernel/proc.h>
#include <kernel/futex.h>
#include <arch/signal.h>
#include <kernel/elf.h>
#include <kernel/random.h>
#include <core/kmalloc.h>
#include <core/mm.h>
#include <arch/trap.h>
#include <lib/string.h>
#include <mica/errno.h>
#include <mica/err.h>

#define STACK_INITIAL (128UL * 1024)
#define ET_DYN_BASE 0x2000000000UL	/* where position-independent programs go */
#define INTERP_BASE 0x3000000000UL	/* ... and the dynamic loader */
#define ARG_MAX_BYTES (256UL * 1024)	/* argv + envp strings */

/* riscv ISA letters as AT_HWCAP bits: the base the kernel supports. */
#define HWCAP_ISA(c) (1UL << ((c) - 'a'))
#define RISCV_HWCAP (HWCAP_ISA('i') | HWCAP_ISA('m') | HWCAP_ISA('a') | HWCAP_ISA('f') | \
		     HWCAP_ISA('d') | HWCAP_ISA('c'))

struct loaded {
	vaddr_t base;		/* load bias */
	vaddr_t entry;
	vaddr_t phdr;		/* user address of the program headers, or 0 */
	u16 phnum;
	vaddr_t brk;		/* end of the highest segment */
	const char *interp;	/* PT_INTERP path inside the image, or NULL */
	u32 interp_len;
};

static int check_header(const void *image, size_t size, const struct elf64_ehdr **out)
{
	const struct elf64_ehdr *eh = image;

	if (size < sizeof(*eh) || memcmp(eh->e_ident, "\177ELF", 4) ||
	    eh->e_ident[4] != ELFCLASS64 || eh->e_ident[5] != ELFDATA2LSB ||
	    eh->e_machine != EM_RISCV || (eh->e_type != ET_EXEC && eh->e_type != ET_DYN) ||
	    eh->e_phentsize != sizeof(struct elf64_phdr) || eh->e_phnum == 0 ||
	    eh->e_phnum > 64 || eh->e_phoff > size ||
	    size - eh->e_phoff < (u64)eh->e_phnum * sizeof(struct elf64_phdr))
		return -ENOEXEC;
	*out = eh;
	return 0;
}

static unsigned int seg_prot(u32 flags)
{
	return ((flags & PF_R) ? PROT_R : 0) | ((flags & PF_W) ? PROT_W : 0) |
	       ((flags & PF_X) ? PROT_X : 0);
}

/* Map every PT_LOAD of image into mm at bias (ET_DYN) and copy its bytes. */
static int load_segments(struct mm *mm, const void *image, size_t size, vaddr_t dyn_base,
			 struct loaded *out)
{
	const struct elf64_ehdr *eh;
	const struct elf64_phdr *ph;
	vaddr_t bias, mapped_end = 0;
	int err = check_header(image, size, &eh);

	if (err)
		return err;
	ph = (const struct elf64_phdr *)((const u8 *)image + eh->e_phoff);
	bias = eh->e_type == ET_DYN ? dyn_base : 0;
	memset(out, 0, sizeof(*out));
	out->base = bias;
	out->entry = eh->e_entry + bias;
	out->phnum = eh->e_phnum;
	for (int i = 0; i < eh->e_phnum; i++) {
		const struct elf64_phdr *p = &ph[i];
		vaddr_t start, end;

		if (p->p_type == PT_INTERP) {
			if (p->p_offset > size || p->p_filesz > size - p->p_offset ||
			    p->p_filesz < 2 || p->p_filesz > 255)
				return -ENOEXEC;
			out->interp = (const char *)image + p->p_offset;
			out->interp_len = p->p_filesz;
			if (out->interp[p->p_filesz - 1])
				return -ENOEXEC;
			continue;
		}
		if (p->p_type == PT_PHDR)
			out->phdr = p->p_vaddr + bias;
		if (p->p_type != PT_LOAD || !p->p_memsz)
			continue;
		if (p->p_filesz > p->p_memsz || p->p_offset > size ||
		    p->p_filesz > size - p->p_offset || p->p_vaddr + bias + p->p_memsz > USER_TOP ||
		    p->p_vaddr + p->p_memsz < p->p_vaddr)
			return -ENOEXEC;
		start = ALIGN_DOWN(p->p_vaddr + bias, PAGE_SIZE);
		end = ALIGN_UP(p->p_vaddr + bias + p->p_memsz, PAGE_SIZE);
		/* A page shared with the previous segment keeps both protections. */
		if (start < mapped_end) {
			struct vma *prev = mm_find_vma(mm, start);

			if (prev)
				mm_protect_locked(mm, start, PAGE_SIZE, prev->prot | seg_prot(p->p_flags));
			start = mapped_end;
		}
		if (end > start) {
			long r = mm_map_locked(mm, start, end - start, seg_prot(p->p_flags), 0, true);

			if (r < 0)
				return (int)r;
			mapped_end = end;
		}
		/* Program headers inside the first segment that maps the file start. */
		if (!out->phdr && p->p_offset <= eh->e_phoff &&
		    eh->e_phoff < p->p_offset + p->p_filesz)
			out->phdr = p->p_vaddr + bias + (eh->e_phoff - p->p_offset);
		out->brk = MAX(out->brk, end);
	}
	if (!mapped_end)
		return -ENOEXEC;
	/* Copy the file bytes now that every segment is mapped (no lock held). */
	for (int i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD && ph[i].p_filesz) {
			mutex_unlock(&mm->lock);
			err = mm_copy_in(mm, ph[i].p_vaddr + bias, (const u8 *)image + ph[i].p_offset,
					 ph[i].p_filesz);
			mutex_lock(&mm->lock);
			if (err)
				return err;
		}
	return 0;
}

struct stack_builder {
	struct mm *mm;
	vaddr_t sp;
};

static int push_bytes(struct stack_builder *sb, const void *src, size_t n, vaddr_t *at)
{
	sb->sp -= n;
	*at = sb->sp;
	return mm_copy_in(sb->mm, sb->sp, src, n);
}

/* Lay out argc, argv, envp, auxv and the strings they point to. */
static int build_stack(struct mm *mm, const char *execfn, char *const *argv, int argc,
		       char *const *envp, int envc, const struct loaded *prog,
		       const struct loaded *interp, vaddr_t *sp_out)
{
	struct stack_builder sb = { .mm = mm, .sp = USER_TOP };
	unsigned long *vec;
	vaddr_t *ptrs, execfn_at, random_at;
	u64 random[2];
	size_t nvec, i = 0;
	int err = 0;

	ptrs = kmalloc((argc + envc + 1) * sizeof(vaddr_t));
	if (!ptrs)
		return -ENOMEM;
	err = push_bytes(&sb, execfn, strlen(execfn) + 1, &execfn_at);
	mm->env_end = execfn_at;	/* the strings lie argv, envp, execfn upwards */
	for (int k = envc - 1; k >= 0 && !err; k--)
		err = push_bytes(&sb, envp[k], strlen(envp[k]) + 1, &ptrs[argc + k]);
	mm->env_start = mm->arg_end = sb.sp;
	for (int k = argc - 1; k >= 0 && !err; k--)
		err = push_bytes(&sb, argv[k], strlen(argv[k]) + 1, &ptrs[k]);
	mm->arg_start = sb.sp;
	random[0] = random_u64();	/* AT_RANDOM: seeds the stack protector */
	random[1] = random_u64();
	if (!err)
		err = push_bytes(&sb, random, sizeof(random), &random_at);
	if (err)
		goto out;

	nvec = 1 + argc + 1 + envc + 1 + 2 * 17;
	vec = kzalloc(nvec * sizeof(*vec));
	if (!vec) {
		err = -ENOMEM;
		goto out;
	}
	vec[i++] = argc;
	for (int k = 0; k < argc; k++)
		vec[i++] = ptrs[k];
	vec[i++] = 0;
	for (int k = 0; k < envc; k++)
		vec[i++] = ptrs[argc + k];
	vec[i++] = 0;
#define AUX(t, v) do { vec[i++] = (t); vec[i++] = (v); } while (0)
	AUX(AT_PHDR, prog->phdr);
	AUX(AT_PHENT, sizeof(struct elf64_phdr));
	AUX(AT_PHNUM, prog->phnum);
	AUX(AT_PAGESZ, PAGE_SIZE);
	AUX(AT_BASE, interp ? interp->base : 0);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, prog->entry);
	AUX(AT_UID, 0);
	AUX(AT_EUID, 0);
	AUX(AT_GID, 0);
	AUX(AT_EGID, 0);
	AUX(AT_HWCAP, RISCV_HWCAP);
	AUX(AT_CLKTCK, 100);
	AUX(AT_SECURE, 0);
	AUX(AT_RANDOM, random_at);
	AUX(AT_EXECFN, execfn_at);
	AUX(AT_NULL, 0);
#undef AUX
	sb.sp = ALIGN_DOWN(sb.sp - i * sizeof(*vec), 16);
	err = mm_copy_in(mm, sb.sp, vec, i * sizeof(*vec));
	kfree(vec);
	*sp_out = sb.sp;
out:
	kfree(ptrs);
	return err;
}

static size_t strings_size(char *const *v, int n)
{
	size_t total = 0;

	for (int i = 0; i < n; i++)
		total += strlen(v[i]) + 1 + sizeof(void *);
	return total;
}

int exec_image(const char *path, const void *image, size_t size, char *const *argv, int argc,
	       char *const *envp, int envc)
{
	struct process *p = current_process();
	struct loaded prog, interp;
	struct mm *mm, *old;
	vaddr_t sp;
	int err;

	if (strings_size(argv, argc) + strings_size(envp, envc) > ARG_MAX_BYTES)
		return -E2BIG;
	mm = mm_create();
	if (!mm)
		return -ENOMEM;
	mutex_lock(&mm->lock);
	err = load_segments(mm, image, size, ET_DYN_BASE, &prog);
	if (!err && prog.interp) {
		void *ld;
		size_t ld_size;

		mutex_unlock(&mm->lock);
		err = vfs_load(prog.interp, &ld, &ld_size);
		mutex_lock(&mm->lock);
		if (!err) {
			err = load_segments(mm, ld, ld_size, INTERP_BASE, &interp);
			kfree(ld);
		}
		if (!err && interp.interp)
			err = -ENOEXEC;	/* the loader itself wants a loader */
	}
	if (!err) {
		long r = mm_map_locked(mm, USER_TOP - STACK_INITIAL, STACK_INITIAL,
				       PROT_R | PROT_W, VMA_GROWSDOWN, true);

		err = r < 0 ? (int)r : 0;
	}
	if (!err) {
		/* One page with the signal trampoline: handlers return there. */
		long r = mm_map_locked(mm, 0, PAGE_SIZE, PROT_R | PROT_X, 0, false);

		err = r < 0 ? (int)r : 0;
		if (!err)
			mm->sigreturn_tramp = (vaddr_t)r;
	}
	mm->brk_start = mm->brk = prog.brk;
	mutex_unlock(&mm->lock);
	if (!err)
		err = mm_copy_in(mm, mm->sigreturn_tramp, arch_sigreturn_code,
				 arch_sigreturn_code_size);
	if (!err)
		err = build_stack(mm, path, argv, argc, envp, envc, &prog,
				  prog.interp ? &interp : NULL, &sp);
	if (!err) {
		char *exe = vfs_real_name(AT_FDCWD, path);	/* for /proc/<pid>/exe */

		mm->exe_path = IS_ERR(exe) ? NULL : exe;
	}
	if (err) {
		mm_put(mm);
		return err;
	}

	/* Handlers reset for the new image; the only step that can fail
	 * (unsharing a CLONE_SIGHAND table) comes before the point of no return. */
	err = signal_exec(p);
	if (err) {
		mm_put(mm);
		return err;
	}
	/* Committed: nothing below fails. The other threads go first. */
	proc_kill_other_threads();
	futex_exec_release();
	spin_lock(&proc_tree_lock);	/* /proc reads p->mm under it */
	p->execed = true;
	old = p->mm;
	p->mm = mm;
	spin_unlock(&proc_tree_lock);
	mm_set_current(mm);
	if (old)
		mm_put(old);
	files_close_on_exec(p->files);
	proc_timers_exec(p);
	/* No set-id programs yet: exec keeps the ids and saves the effective ones. */
	p->cred.suid = p->cred.euid;
	p->cred.sgid = p->cred.egid;
	strscpy(p->comm, strrchr(path, '/') ? strrchr(path, '/') + 1 : path, sizeof(p->comm));
	arch_tf_init_user(current->user_tf, prog.interp ? interp.entry : prog.entry, sp);
	return 0;
}
