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
#include <kernel/pagecache.h>
#include <kernel/vfs.h>
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
	char *interp;		/* PT_INTERP path (kmalloc'd), or NULL */
};

static int check_header(const void *head, size_t size, const struct elf64_ehdr **out)
{
	const struct elf64_ehdr *eh = head;

	if (size < sizeof(*eh) || memcmp(eh->e_ident, "\177ELF", 4) ||
	    eh->e_ident[4] != ELFCLASS64 || eh->e_ident[5] != ELFDATA2LSB ||
	    eh->e_machine != EM_RISCV || (eh->e_type != ET_EXEC && eh->e_type != ET_DYN) ||
	    eh->e_phentsize != sizeof(struct elf64_phdr) || eh->e_phnum == 0 ||
	    eh->e_phnum > 64)
		return -ENOEXEC;
	*out = eh;
	return 0;
}

static unsigned int seg_prot(u32 flags)
{
	return ((flags & PF_R) ? PROT_R : 0) | ((flags & PF_W) ? PROT_W : 0) |
	       ((flags & PF_X) ? PROT_X : 0);
}

/* Read exactly n bytes of f at off into buf: 0 or -ENOEXEC / -errno. */
static int read_exact(struct file *f, void *buf, size_t n, u64 off)
{
	ssize_t r = filemap_read_kernel(f->inode, buf, n, off);

	return r < 0 ? (int)r : (size_t)r == n ? 0 : -ENOEXEC;
}

/* Copy n bytes of f from off to addr in mm, a page at a time. */
static int copy_file_bytes(struct mm *mm, struct file *f, u64 off, vaddr_t addr, u64 n)
{
	char *buf = kmalloc(PAGE_SIZE);
	int err = buf ? 0 : -ENOMEM;

	for (u64 done = 0; !err && done < n; done += PAGE_SIZE) {
		size_t chunk = MIN((u64)PAGE_SIZE, n - done);

		err = read_exact(f, buf, chunk, off + done);
		if (!err)
			err = mm_copy_in(mm, addr + done, buf, chunk);
	}
	kfree(buf);
	return err;
}

/*
 * Map segment p (at bias) over [start, end): the pages holding file bytes
 * from f's page cache (private, copy-on-write) when the file offset and
 * the address agree modulo the page size, as linkers arrange; anonymous
 * memory for the rest. *copy: the file bytes still have to be copied in
 * (offset and address disagree). mm->lock held.
 */
static int map_segment(struct mm *mm, struct file *f, const struct elf64_phdr *p, vaddr_t bias,
		       vaddr_t start, vaddr_t end, bool *copy)
{
	vaddr_t va = p->p_vaddr + bias;
	vaddr_t fend = MIN(ALIGN_UP(va + p->p_filesz, PAGE_SIZE), end);
	unsigned int prot = seg_prot(p->p_flags);
	long r;

	*copy = p->p_filesz && (va - p->p_offset) % PAGE_SIZE;
	if (!p->p_filesz || *copy || fend <= start)
		fend = start;	/* no file pages to map */
	if (fend > start) {
		r = mm_map_file_locked(mm, start, fend - start, prot, 0, true, f,
				       (p->p_offset + (start - va)) >> PAGE_SHIFT);
		if (r < 0)
			return (int)r;
	}
	if (end > fend) {
		r = mm_map_locked(mm, fend, end - fend, prot, 0, true);
		if (r < 0)
			return (int)r;
	}
	return 0;
}

/*
 * Map every PT_LOAD of the ELF file f (whose first bytes are head) into
 * mm at bias (ET_DYN): file pages come from the page cache, so a program
 * of any size starts without being read whole. mm->lock held.
 */
static int load_segments(struct mm *mm, struct file *f, const void *head, size_t head_len,
			 vaddr_t dyn_base, struct loaded *out)
{
	const struct elf64_ehdr *eh;
	struct elf64_phdr *ph;
	u64 size = f->inode->size;
	vaddr_t bias, mapped_end = 0;
	u64 needs_copy = 0;	/* bit i: segment i's bytes are copied, not mapped */
	int err = check_header(head, head_len, &eh);

	memset(out, 0, sizeof(*out));
	if (err)
		return err;
	if (eh->e_phoff > size || size - eh->e_phoff < (u64)eh->e_phnum * sizeof(*ph))
		return -ENOEXEC;
	ph = kmalloc(eh->e_phnum * sizeof(*ph));
	if (!ph)
		return -ENOMEM;
	err = read_exact(f, ph, eh->e_phnum * sizeof(*ph), eh->e_phoff);
	if (err)
		goto out;
	bias = eh->e_type == ET_DYN ? dyn_base : 0;
	out->base = bias;
	out->entry = eh->e_entry + bias;
	out->phnum = eh->e_phnum;
	for (int i = 0; i < eh->e_phnum; i++) {
		const struct elf64_phdr *p = &ph[i];
		vaddr_t start, end;
		bool copy;

		err = -ENOEXEC;
		if (p->p_type == PT_INTERP) {
			if (out->interp || p->p_offset > size || p->p_filesz > size - p->p_offset ||
			    p->p_filesz < 2 || p->p_filesz > 255)
				goto out;
			out->interp = kmalloc(p->p_filesz);
			err = out->interp ? read_exact(f, out->interp, p->p_filesz, p->p_offset)
					  : -ENOMEM;
			if (err)
				goto out;
			err = -ENOEXEC;
			if (out->interp[p->p_filesz - 1])
				goto out;
			continue;
		}
		if (p->p_type == PT_PHDR)
			out->phdr = p->p_vaddr + bias;
		if (p->p_type != PT_LOAD || !p->p_memsz)
			continue;
		if (p->p_filesz > p->p_memsz || p->p_offset > size ||
		    p->p_filesz > size - p->p_offset || p->p_vaddr + bias + p->p_memsz > USER_TOP ||
		    p->p_vaddr + p->p_memsz < p->p_vaddr)
			goto out;
		start = ALIGN_DOWN(p->p_vaddr + bias, PAGE_SIZE);
		end = ALIGN_UP(p->p_vaddr + bias + p->p_memsz, PAGE_SIZE);
		/* A page shared with the previous segment keeps both protections. */
		if (start < mapped_end) {
			struct vma *prev = mm_find_vma(mm, start);

			if (prev)
				mm_protect_locked(mm, start, PAGE_SIZE, prev->prot | seg_prot(p->p_flags));
			start = mapped_end;
			needs_copy |= 1ULL << i;	/* its bytes in the shared page */
		}
		if (end > start) {
			err = map_segment(mm, f, p, bias, start, end, &copy);
			if (err)
				goto out;
			if (copy)
				needs_copy |= 1ULL << i;
			mapped_end = end;
		}
		/* Program headers inside the first segment that maps the file start. */
		if (!out->phdr && p->p_offset <= eh->e_phoff &&
		    eh->e_phoff < p->p_offset + p->p_filesz)
			out->phdr = p->p_vaddr + bias + (eh->e_phoff - p->p_offset);
		out->brk = MAX(out->brk, end);
	}
	err = -ENOEXEC;
	if (!mapped_end)
		goto out;
	/* Now that every segment is mapped (no lock held): copy the bytes
	 * that could not be mapped, and, as Linux does, zero the rest of
	 * the page after the file bytes of a segment with a .bss (which
	 * makes that page private): ld.so's first heap is that space. */
	mutex_unlock(&mm->lock);
	err = 0;
	for (int i = 0; i < eh->e_phnum && !err; i++) {
		const struct elf64_phdr *p = &ph[i];
		vaddr_t z = p->p_vaddr + bias + p->p_filesz;
		static const char zeros[256];

		if (p->p_type != PT_LOAD || !p->p_memsz)
			continue;
		if ((needs_copy >> i) & 1)
			err = copy_file_bytes(mm, f, p->p_offset, p->p_vaddr + bias, p->p_filesz);
		while (!err && p->p_memsz > p->p_filesz && (z & (PAGE_SIZE - 1))) {
			size_t chunk = MIN(sizeof(zeros), ALIGN_UP(z, PAGE_SIZE) - z);

			err = mm_copy_in(mm, z, zeros, chunk);
			z += chunk;
		}
	}
	mutex_lock(&mm->lock);
out:
	kfree(ph);
	return err;
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

int exec_image(const char *path, struct file *file, const void *head, size_t head_len,
	       char *const *argv, int argc, char *const *envp, int envc)
{
	struct process *p = current_process();
	struct loaded prog, interp;
	bool has_interp;
	struct mm *mm, *old;
	vaddr_t sp;
	int err;

	if (strings_size(argv, argc) + strings_size(envp, envc) > ARG_MAX_BYTES)
		return -E2BIG;
	mm = mm_create();
	if (!mm)
		return -ENOMEM;
	mutex_lock(&mm->lock);
	memset(&interp, 0, sizeof(interp));
	err = load_segments(mm, file, head, head_len, ET_DYN_BASE, &prog);
	if (!err && prog.interp) {
		struct file *ld;
		void *ld_head = NULL;
		ssize_t ld_len = 0;

		mutex_unlock(&mm->lock);
		ld = vfs_open(AT_FDCWD, prog.interp, O_RDONLY, 0);
		err = IS_ERR(ld) ? PTR_ERR(ld) : S_ISREG(ld->inode->mode) ? 0 : -EACCES;
		if (!err && !(ld_head = kmalloc(EXEC_HEAD_SIZE)))
			err = -ENOMEM;
		if (!err)
			ld_len = filemap_read_kernel(ld->inode, ld_head, EXEC_HEAD_SIZE, 0);
		if (!err && ld_len < 0)
			err = (int)ld_len;
		mutex_lock(&mm->lock);
		if (!err)
			err = load_segments(mm, ld, ld_head, ld_len, INTERP_BASE, &interp);
		if (!err && interp.interp)
			err = -ENOEXEC;	/* the loader itself wants a loader */
		kfree(ld_head);
		if (!IS_ERR(ld))
			file_put(ld);
	}
	has_interp = prog.interp != NULL;
	kfree(prog.interp);
	kfree(interp.interp);
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
				  has_interp ? &interp : NULL, &sp);
	if (!err) {
		char *exe = vfs_real_name(AT_FDCWD, path);	/* for /proc/<pid>/exe */

		mm->exe_path = IS_ERR(exe) ? NULL : exe;
		/* The caller holds a denial already: this one cannot fail. */
		if (!inode_deny_write_access(file->inode)) {
			inode_get(file->inode);
			mm->exe_ino = file->inode;
		}
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
