/*
 * Kernel command line: split once into words, then answer lookups.
 *
 * Each word is copied twice, at the same offsets, into cl->words (kept
 * whole, for init's environment) and cl->buf (with the first '=' replaced by
 * a NUL, giving key and value strings). Removing quotes only shortens a
 * word and every word consumes at least its separator, so both copies fit in
 * buffers as long as the input.
 */
#include <lib/cmdline.h>
#include <lib/string.h>
#include <mica/errno.h>

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Keys compare equal when they differ only in '-' versus '_'. */
static bool key_char_eq(char a, char b)
{
	if (a == '-')
		a = '_';
	if (b == '-')
		b = '_';
	return a == b;
}

static bool keys_equal(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		if (!key_char_eq(*a, *b))
			return false;
	}
	return *a == *b;
}

int cmdline_parse(struct cmdline *cl, const char *text)
{
	size_t len = strnlen(text, CMDLINE_MAX_LEN);
	size_t i = 0, pos = 0, start;
	bool dashdash = false, in_quote;
	struct cmdline_param *p;
	long eq;

	cl->nparams = 0;
	if (len >= CMDLINE_MAX_LEN)
		return -E2BIG;

	for (;;) {
		while (is_space(text[i]))
			i++;
		if (!text[i])
			break;

		start = pos;
		eq = -1;
		in_quote = false;
		for (; text[i] && (in_quote || !is_space(text[i])); i++) {
			if (text[i] == '"') {
				in_quote = !in_quote;
				continue;
			}
			if (text[i] == '=' && eq < 0)
				eq = (long)pos;
			cl->buf[pos] = cl->words[pos] = text[i];
			pos++;
		}
		if (in_quote)
			goto fail_inval;
		cl->buf[pos] = cl->words[pos] = '\0';
		pos++;

		if (!dashdash && !strcmp(&cl->words[start], "--")) {
			dashdash = true;
			continue;
		}
		if (cl->nparams == CMDLINE_MAX_PARAMS)
			goto fail_2big;

		p = &cl->params[cl->nparams++];
		p->word = &cl->words[start];
		p->key = &cl->buf[start];
		p->val = NULL;
		p->after_dashdash = dashdash;
		if (eq >= 0 && !dashdash) {
			cl->buf[eq] = '\0';
			p->val = &cl->buf[eq + 1];
		}
	}
	return 0;

fail_inval:
	cl->nparams = 0;
	return -EINVAL;
fail_2big:
	cl->nparams = 0;
	return -E2BIG;
}

/* The last parameter named key before "--", or NULL. */
static const struct cmdline_param *find_last(const struct cmdline *cl, const char *key)
{
	const struct cmdline_param *found = NULL;
	int i;

	for (i = 0; i < cl->nparams && !cl->params[i].after_dashdash; i++) {
		if (keys_equal(cl->params[i].key, key))
			found = &cl->params[i];
	}
	return found;
}

bool cmdline_has(const struct cmdline *cl, const char *key)
{
	return find_last(cl, key) != NULL;
}

const char *cmdline_get(const struct cmdline *cl, const char *key)
{
	const struct cmdline_param *p = find_last(cl, key);

	if (!p)
		return NULL;
	return p->val ? p->val : "";
}

int cmdline_get_ulong(const struct cmdline *cl, const char *key, unsigned long *out)
{
	const struct cmdline_param *p = find_last(cl, key);

	if (!p)
		return -ENOENT;
	if (!p->val)
		return -EINVAL;
	return kstrtoul(p->val, 0, out);
}

static bool is_known(const char *const *known_keys, const char *key)
{
	for (; known_keys && *known_keys; known_keys++) {
		if (keys_equal(*known_keys, key))
			return true;
	}
	return false;
}

/* The same key as the "key=val" word env, compared up to the '='. */
static bool env_has_key(const char *env, const char *key)
{
	for (; *key; env++, key++) {
		if (!key_char_eq(*env, *key))
			return false;
	}
	return *env == '=';
}

int cmdline_init_args(const struct cmdline *cl, const char *const *known_keys,
		      const char **argv, int max_argv, const char **envp, int max_envp,
		      int *nargv, int *nenvp)
{
	int na = 0, ne = 0, i, j, err = 0;

	for (i = 0; i < cl->nparams; i++) {
		const struct cmdline_param *p = &cl->params[i];

		if (!p->after_dashdash) {
			if (is_known(known_keys, p->key) || strchr(p->key, '.'))
				continue;
			if (p->val) {
				for (j = 0; j < ne && !env_has_key(envp[j], p->key); j++)
					;
				if (j < ne)
					envp[j] = p->word;
				else if (ne < max_envp)
					envp[ne++] = p->word;
				else
					err = -E2BIG;
				continue;
			}
		}
		if (na < max_argv)
			argv[na++] = p->word;
		else
			err = -E2BIG;
	}
	*nargv = na;
	*nenvp = ne;
	return err;
}
