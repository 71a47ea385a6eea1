/*
 * Kernel command line parsing (lib/cmdline.c), without a heap.
 *
 * The command line is a list of words separated by white space. Double
 * quotes group text containing spaces and are removed: key="a b" has the
 * value `a b`. A word `key=val` sets key (the first '=' splits); a word with
 * no '=' is a bare flag. The word "--" ends the kernel's parameters: every
 * later word belongs to init. As in Linux, '-' and '_' are interchangeable in
 * keys ("no-foo" matches "no_foo").
 */
#ifndef LIB_CMDLINE_H
#define LIB_CMDLINE_H

#include <mica/types.h>

#define CMDLINE_MAX_LEN 1024
#define CMDLINE_MAX_PARAMS 64

struct cmdline_param {
	const char *key;	/* after "--": the whole word */
	const char *val;	/* NULL for a bare word and after "--" */
	bool after_dashdash;
	const char *word;	/* the whole word, "key=val", quotes removed */
};

struct cmdline {
	char buf[CMDLINE_MAX_LEN];	/* words, NUL between key and value */
	char words[CMDLINE_MAX_LEN];	/* the same words with their '=' kept */
	int nparams;
	struct cmdline_param params[CMDLINE_MAX_PARAMS];
};

/*
 * Split text into cl. Returns 0; -E2BIG if text has CMDLINE_MAX_LEN or more
 * characters or more than CMDLINE_MAX_PARAMS words; -EINVAL for an unclosed
 * quote. On error cl holds no parameters. cl keeps no pointer into text.
 */
int cmdline_parse(struct cmdline *cl, const char *text);

/* True if key appears before "--", bare or with a value. */
bool cmdline_has(const struct cmdline *cl, const char *key);

/* The last value given to key before "--"; "" for a bare word; NULL if absent. */
const char *cmdline_get(const struct cmdline *cl, const char *key);

/*
 * The last value of key as a number (kstrtoul base 0: decimal, 0x hex,
 * 0 octal). Returns 0, -ENOENT if absent, -EINVAL if bare or not a number,
 * -ERANGE if too large.
 */
int cmdline_get_ulong(const struct cmdline *cl, const char *key, unsigned long *out);

/*
 * What init receives, following Linux: each word before "--" whose key is
 * not in known_keys (a NULL-terminated list) and has no '.' (those name
 * module parameters) goes to init — bare words to argv, key=val words to
 * envp as "key=val" (a later value replaces an earlier one for the same
 * key). Every word after "--" goes to argv. argv gets no argv[0] and neither
 * array gets a NULL terminator: *nargv and *nenvp say how many were stored.
 * Strings point into cl. Returns 0, or -E2BIG if an array was too small
 * (the counts then cover what fitted).
 */
int cmdline_init_args(const struct cmdline *cl, const char *const *known_keys,
		      const char **argv, int max_argv, const char **envp, int max_envp,
		      int *nargv, int *nenvp);

#endif
