/* Memory of a process: /proc/<pid>/maps and the sizes stat, statm and status show. */
#include "internal.h"
#include <core/mm.h>
#include <lib/string.h>
#include <mica/errno.h>

void proc_mm_usage(struct mm *mm, struct mm_usage *u)
{
	struct rb_node *n;

	memset(u, 0, sizeof(*u));
	mutex_lock(&mm->lock);
	for (n = rb_first(&mm->vmas); n; n = rb_next(n)) {
		struct vma *v = rb_entry(n, struct vma, node);
		unsigned long pages = (v->end - v->start) >> PAGE_SHIFT;

		u->total += pages;
		if (v->flags & VMA_GROWSDOWN) {
			u->stack += pages;
		} else if ((v->prot & PROT_W) && !(v->flags & VMA_SHARED)) {
			u->data += pages;
			if (!u->start_data && v->start < mm->brk_start) {
				u->start_data = v->start;
				u->end_data = v->end;
			}
		}
		if ((v->prot & PROT_X) && !(v->prot & PROT_W)) {
			u->exec += pages;
			/* The program is the lowest code; the loader and libraries lie above. */
			if (!u->start_code) {
				u->start_code = v->start;
				u->end_code = v->end;
			}
		}
	}
	u->rss = mm->rss;
	u->max_rss = MAX(mm->max_rss, mm->rss);
	u->start_stack = mm->arg_start;
	mutex_unlock(&mm->lock);
}

int proc_show_maps(struct proc_inode *pi, struct seqbuf *s)
{
	struct proc_snap ps;
	struct rb_node *n;
	int err = proc_snap_get(pi->pid, pi->tid, SNAP_MM, &ps);

	if (err)
		return err;
	if (!ps.mm)
		goto out;
	mutex_lock(&ps.mm->lock);
	for (n = rb_first(&ps.mm->vmas); n; n = rb_next(n)) {
		struct vma *v = rb_entry(n, struct vma, node);
		const char *name = NULL;
		size_t line = s->len;

		seq_printf(s, "%08lx-%08lx %c%c%c%c %08lx 00:00 0", (unsigned long)v->start,
			   (unsigned long)v->end, v->prot & PROT_R ? 'r' : '-',
			   v->prot & PROT_W ? 'w' : '-', v->prot & PROT_X ? 'x' : '-',
			   v->flags & VMA_SHARED ? 's' : 'p',
			   v->shm ? v->shm_pgoff << PAGE_SHIFT : 0UL);
		if (v->flags & VMA_GROWSDOWN)
			name = "[stack]";
		else if (v->start >= ps.mm->brk_start && v->start < ps.mm->brk)
			name = "[heap]";
		if (name) {
			/* Names start at one column, as Linux pads them. */
			seq_pad(s, line, 25 + sizeof(void *) * 6 - 1, ' ');
			seq_puts(s, name);
		}
		seq_putc(s, '\n');
	}
	mutex_unlock(&ps.mm->lock);
out:
	proc_snap_put(&ps);
	return 0;
}
