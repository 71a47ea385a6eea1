/*
 * execve and execveat: copy the arguments in, find the program (from the
 * initramfs until there is a VFS), follow one "#!" interpreter line, and
 * replace the image. Validate first: a failing exec changes nothing.
 */
#include <kernel/syscall.h>
#include <kernel/proc.h>
#include <kernel/vfs.h>
#include <kernel/pagecache.h>
#include <kernel/mount.h>
#include <kernel/cred.h>
#include <mica/err.h>
#include <core/kmalloc.h>
#include <lib/string.h>

#define MAX_ARGS 4096
#define ARG_STRLEN_MAX 4096	/* per string; Linux allows 32 pages */
#define PATH_MAX 4096

struct strv {
	char **v;
	int n;
};

static void strv_free(struct strv *s)
{
	for (int i = 0; i < s->n; i++)
		kfree(s->v[i]);
	kfree(s->v);
	s->v = NULL;
	s->n = 0;
}

/* Copy a NULL-terminated user array of strings; NULL array = empty. */
static int strv_copy(struct strv *s, uptr_t uv, int reserve)
{
	s->n = 0;
	s->v = kzalloc((MAX_ARGS + reserve + 1) * sizeof(char *));
	if (!s->v)
		return -ENOMEM;
	for (int i = reserve; uv; i++) {
		uptr_t up;
		char *str;
		long len;

		if (i - reserve >= MAX_ARGS)
			return -E2BIG;
		if (get_user(up, uv + (i - reserve) * sizeof(uptr_t)))
			return -EFAULT;
		if (!up)
			break;
		str = kmalloc(ARG_STRLEN_MAX);
		if (!str)
			return -ENOMEM;
		len = strncpy_from_user(str, up, ARG_STRLEN_MAX);
		if (len < 0) {
			kfree(str);
			return len == -ENAMETOOLONG ? -E2BIG : (int)len;
		}
		s->v[i] = str;
		s->n = i + 1;
	}
	if (s->n < reserve)
		s->n = reserve;
	return 0;
}

/* "#!interp [arg]" at the start of image: fill interp and arg. */
static bool parse_shebang(const char *image, size_t size, char *interp, char *arg, size_t len)
{
	size_t end = 2, i;

	if (size < 3 || image[0] != '#' || image[1] != '!')
		return false;
	while (end < size && end < len && image[end] != '\n')
		end++;
	i = 2;
	while (i < end && (image[i] == ' ' || image[i] == '\t'))
		i++;
	size_t s = i;
	while (i < end && image[i] != ' ' && image[i] != '\t')
		i++;
	if (i == s)
		return false;
	memcpy(interp, image + s, i - s);
	interp[i - s] = 0;
	while (i < end && (image[i] == ' ' || image[i] == '\t'))
		i++;
	while (end > i && (image[end - 1] == ' ' || image[end - 1] == '\t' || image[end - 1] == '\r'))
		end--;
	memcpy(arg, image + i, end - i);
	arg[end - i] = 0;
	return true;
}

/* The program file is done with: its writers may come back. */
static void close_program(struct file *f)
{
	inode_allow_write_access(f->inode);
	file_put(f);
}

/* The program file, opened, and its first bytes (for "#!" and the ELF
 * header): path from dirfd, or dirfd itself with AT_EMPTY_PATH. */
static long open_program(int dirfd, const char *path, int flags, struct file **file, char *head,
			 size_t *head_len)
{
	struct path p;
	ssize_t n;
	long err;

	if (!*path && (flags & AT_EMPTY_PATH))
		err = vfs_fd_path(dirfd, -EACCES, &p);
	else
		err = vfs_lookup_path(dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), &p);
	if (err)
		return err;
	/* Only regular files run, and only with execute permission (for root
	 * too: it needs some x bit), and not from a noexec mount. */
	if (!S_ISREG(p.ino->mode))
		err = S_ISLNK(p.ino->mode) ? -ELOOP : -EACCES;
	else if (p.mnt->flags & MS_NOEXEC)
		err = -EACCES;
	else if (!(err = inode_permission(p.ino, MAY_EXEC, false))) {
		*file = vfs_open_inode(p.mnt, p.ino, O_RDONLY);
		err = IS_ERR(*file) ? PTR_ERR(*file) : 0;
		/* A program open for writing does not run (ETXTBSY); nor can
		 * it be opened for writing while it is being loaded. */
		if (!err && (err = inode_deny_write_access(p.ino)))
			file_put(*file);
	}
	path_put(&p);
	if (err)
		return err;
	n = filemap_read_kernel((*file)->inode, head, EXEC_HEAD_SIZE, 0);
	if (n < 0) {
		close_program(*file);
		return n;
	}
	*head_len = n;
	return 0;
}

static long do_exec(int dirfd, const char *path, int flags, struct strv *argv, struct strv *envp)
{
	char interp[128], arg[128];
	struct file *file;
	char *head = kmalloc(EXEC_HEAD_SIZE);
	size_t size;
	long err = head ? open_program(dirfd, path, flags, &file, head, &size) : -ENOMEM;

	if (err) {
		kfree(head);
		return err;
	}
	if (parse_shebang(head, size, interp, arg, sizeof(interp) - 1)) {
		/* argv becomes: interp [arg] path argv[1..] */
		int extra = arg[0] ? 2 : 1;
		char **v = kzalloc((argv->n + extra + 1) * sizeof(char *));
		char *copies[3] = { kmalloc(strlen(interp) + 1), arg[0] ? kmalloc(strlen(arg) + 1) : NULL,
				    kmalloc(strlen(path) + 1) };

		close_program(file);
		if (!v || !copies[0] || !copies[2] || (arg[0] && !copies[1])) {
			kfree(head);
			kfree(v);
			for (int i = 0; i < 3; i++)
				kfree(copies[i]);
			return -ENOMEM;
		}
		memcpy(copies[0], interp, strlen(interp) + 1);
		if (arg[0])
			memcpy(copies[1], arg, strlen(arg) + 1);
		memcpy(copies[2], path, strlen(path) + 1);
		v[0] = copies[0];
		if (arg[0])
			v[1] = copies[1];
		v[extra] = copies[2];
		for (int i = 1; i < argv->n; i++)
			v[extra + i] = argv->v[i];
		kfree(argv->v[0]);
		kfree(argv->v);
		argv->v = v;
		argv->n = argv->n ? argv->n + extra : extra + 1;
		err = open_program(AT_FDCWD, interp, 0, &file, head, &size);
		if (err) {
			kfree(head);
			return err;
		}
		if (size >= 2 && head[0] == '#' && head[1] == '!') {
			close_program(file);
			kfree(head);
			return -ENOEXEC;	/* one level of interpreter only */
		}
		path = interp;
	}
	err = exec_image(path, file, head, size, argv->v, argv->n, envp->v, envp->n);
	close_program(file);
	kfree(head);
	return err;
}

static long exec_common(int dirfd, uptr_t upath, uptr_t uargv, uptr_t uenvp, int flags)
{
	struct strv argv = { 0 }, envp = { 0 };
	char *path = kmalloc(PATH_MAX);
	long err, len;

	if (!path)
		return -ENOMEM;
	len = strncpy_from_user(path, upath, PATH_MAX);
	err = len < 0 ? len : 0;
	if (!err && !len && !(flags & AT_EMPTY_PATH))
		err = -ENOENT;
	if (!err)
		err = strv_copy(&argv, uargv, 0);
	if (!err)
		err = strv_copy(&envp, uenvp, 0);
	if (!err)
		err = do_exec(dirfd, path, flags, &argv, &envp);
	if (!err && current_process()->vfork_done) {
		complete(current_process()->vfork_done);
		current_process()->vfork_done = NULL;
	}
	strv_free(&argv);
	strv_free(&envp);
	kfree(path);
	return err;
}

/* A kernel copy of a NULL-terminated array of kernel strings. */
static int strv_from_kernel(struct strv *s, const char *const *v)
{
	int n = 0;

	while (v[n])
		n++;
	s->n = 0;
	s->v = kzalloc((n + 1) * sizeof(char *));
	if (!s->v)
		return -ENOMEM;
	for (; s->n < n; s->n++) {
		size_t len = strlen(v[s->n]) + 1;

		s->v[s->n] = kmalloc(len);
		if (!s->v[s->n])
			return -ENOMEM;
		memcpy(s->v[s->n], v[s->n], len);
	}
	return 0;
}

int kernel_execve(const char *path, const char *const *argv, const char *const *envp)
{
	struct strv a = { 0 }, e = { 0 };
	long err = strv_from_kernel(&a, argv);

	if (!err)
		err = strv_from_kernel(&e, envp);
	if (!err)
		err = do_exec(AT_FDCWD, path, 0, &a, &e);
	strv_free(&a);
	strv_free(&e);
	return (int)err;
}

SYSCALL_DEFINE3(execve, uptr_t, path, uptr_t, argv, uptr_t, envp)
{
	return exec_common(AT_FDCWD, path, argv, envp, 0);
}

SYSCALL_DEFINE5(execveat, int, dirfd, uptr_t, path, uptr_t, argv, uptr_t, envp, int, flags)
{
	if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
		return -EINVAL;
	return exec_common(dirfd, path, argv, envp, flags);
}
