/*
 * Starting the first user process, as Linux's kernel_init does:
 *
 *   1. rdinit= (default /init), the initramfs's init, if it exists;
 *      when it cannot be executed a message says so and the next is tried;
 *   2. init=, when given; if it fails there is nothing more to try (Linux
 *      panics here: Mica says why and powers off);
 *   3. /sbin/init, /etc/init, /bin/init, /bin/sh, the first that runs;
 *   4. nothing ran: a message, and the machine powers off.
 *
 * Each candidate goes through execve's own path (kernel_execve), so a
 * "#!" script works as init. argv[0] is the path; argv and envp carry the
 * command-line words the kernel did not use (envp starts with HOME=/ and
 * TERM=linux). Descriptors 0, 1 and 2 are /dev/console.
 */
#include <kernel/proc.h>
#include <kernel/signal.h>
#include <core/kmalloc.h>
#include <core/console.h>
#include <core/printk.h>
#include <arch/power.h>
#include <arch/trap.h>
#include <lib/string.h>
#include <mica/err.h>
#include <mica/errno.h>

struct process *init_process;

struct init_args {
	const char *rdinit, *init;	/* either may be NULL */
	const char *argv[INIT_MAX_ARGS + 1], *envp[INIT_MAX_ENVS + 1];
};

static const char *const init_fallbacks[] = { "/sbin/init", "/etc/init", "/bin/init", "/bin/sh",
					       NULL };

static int run_init_process(struct init_args *ia, const char *path)
{
	ia->argv[0] = path;
	pr_info("Run %s as init process\n", path);
	return kernel_execve(path, ia->argv, ia->envp);
}

/* Linux's try_to_run_init_process: a missing file is not worth a word. */
static int try_to_run_init_process(struct init_args *ia, const char *path)
{
	int err = run_init_process(ia, path);

	if (err && err != -ENOENT)
		pr_err("Starting init: %s exists but couldn't execute it (error %d)\n", path, err);
	return err;
}

static __noreturn void init_give_up(void)
{
	console_flush();
	arch_poweroff();
}

static void init_main(void *arg)
{
	struct init_args *ia = arg;
	int err;

	if (ia->rdinit) {
		err = run_init_process(ia, ia->rdinit);
		if (!err)
			goto run;
		pr_err("Failed to execute %s (error %d)\n", ia->rdinit, err);
	}
	if (ia->init) {
		err = run_init_process(ia, ia->init);
		if (!err)
			goto run;
		printk(LOG_EMERG, "Requested init %s failed (error %d); powering off\n", ia->init,
		       err);
		init_give_up();
	}
	for (int i = 0; init_fallbacks[i]; i++)
		if (!try_to_run_init_process(ia, init_fallbacks[i]))
			goto run;
	printk(LOG_EMERG, "No working init found. Try passing init= option to kernel; "
	       "powering off\n");
	init_give_up();
run:
	kfree(ia);
	local_irq_disable();
	arch_return_to_user(current->user_tf);
}

/* Does path name something init could start (from the root: no process yet)? */
static bool init_exists(const char *path)
{
	struct inode *ino;

	if (!path)
		return false;
	ino = vfs_lookup(AT_FDCWD, path, true);
	if (IS_ERR(ino))
		return false;
	inode_put(ino);
	return true;
}

int proc_start_init(const char *rdinit, const char *init, const char *const *argv,
		    const char *const *envp)
{
	struct init_args *ia;
	struct process *p;
	struct files *files;
	bool any = init_exists(rdinit) || init_exists(init);
	struct task *t;

	for (int i = 0; !any && init_fallbacks[i]; i++)
		any = init_exists(init_fallbacks[i]);
	if (!any)
		return -ENOENT;	/* an empty root: the caller offers its monitor */
	ia = kzalloc(sizeof(*ia));
	p = process_alloc();
	files = files_alloc();
	if (!ia || !p || !files)
		goto nomem;
	p->sighand = sighand_alloc();
	if (!p->sighand)
		goto nomem;
	/* Linux skips an rdinit it cannot find and says nothing. */
	ia->rdinit = init_exists(rdinit) ? rdinit : NULL;
	ia->init = init;
	for (int i = 0; argv[i] && i < INIT_MAX_ARGS - 1; i++)
		ia->argv[i + 1] = argv[i];
	for (int i = 0; envp[i] && i < INIT_MAX_ENVS; i++)
		ia->envp[i] = envp[i];
	p->fs = fs_context_create(vfs_root());
	if (!p->fs)
		goto nomem;
	proc_rlimit_defaults(p);
	/* Linux's init starts with no right to raise priorities (RLIMIT_NICE and
	 * RLIMIT_RTPRIO 0): only root may lower nice or choose a real-time policy. */
	p->rlim[RLIMIT_NICE] = (struct rlimit64){ 0, 0 };
	p->rlim[RLIMIT_RTPRIO] = (struct rlimit64){ 0, 0 };
	for (int fd = 0; fd < 3; fd++) {
		struct file *f = vfs_open(AT_FDCWD, "/dev/console", O_RDWR, 0);

		if (IS_ERR(f))
			goto nomem;
		if (fd_install(files, f, fd, false) != fd) {
			file_put(f);
			goto nomem;
		}
	}
	t = task_create_user("init", init_main, ia);
	if (IS_ERR(t))
		goto nomem;
	p->task = t;
	list_add_tail(&t->thread_link, &p->threads);
	p->nr_threads = 1;
	t->proc = p;
	t->tid = p->pid;
	strscpy(p->comm, "init", sizeof(p->comm));
	if (proc_tree_add_first(p)) {
		task_put(t);	/* never started: the scheduler holds no reference */
		task_put(t);
		goto nomem;
	}
	p->files = files;
	init_process = p;
	task_start(t);
	return 0;
nomem:
	if (files)
		files_put(files);
	if (p && p->fs)
		fs_context_put(p->fs);
	if (p)
		sighand_put(p->sighand);
	kfree(p);
	kfree(ia);
	return -ENOMEM;
}
