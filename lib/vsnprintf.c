/*
 * printf-style formatting without floating point, for the kernel's logs and
 * for building strings. One formatter writes through struct out, which
 * either fills a bounded buffer (counting what did not fit, as C requires)
 * or hands every character to a sink.
 */
#include <lib/printf.h>
#include <lib/string.h>

#define F_LEFT 0x01	/* '-': pad on the right */
#define F_ZERO 0x02	/* '0': pad numbers with zeros */
#define F_PLUS 0x04	/* '+': sign on positive signed numbers */
#define F_SPACE 0x08	/* ' ': space on positive signed numbers */
#define F_ALT 0x10	/* '#': 0x prefix / leading octal zero */
#define F_UPPER 0x20	/* %X */

enum length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE, LEN_PTRDIFF, LEN_MAX };

struct spec {
	unsigned int flags;
	int width;	/* minimum field width, 0 for none */
	int prec;	/* precision, -1 for none */
};

struct out {
	char *buf;
	size_t size;		/* buffer size including the NUL; 0 with a sink */
	size_t len;		/* characters produced so far, stored or not */
	printf_sink_t sink;	/* NULL when writing to buf */
	void *ctx;
};

static void put(struct out *o, char c)
{
	if (o->sink)
		o->sink(c, o->ctx);
	else if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_repeat(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

/* Emit len characters of s, padded with spaces to the field width. */
static void put_field(struct out *o, const char *s, size_t len, const struct spec *sp)
{
	int pad = sp->width > 0 && (size_t)sp->width > len ? sp->width - (int)len : 0;

	if (!(sp->flags & F_LEFT))
		put_repeat(o, ' ', pad);
	while (len--)
		put(o, *s++);
	if (sp->flags & F_LEFT)
		put_repeat(o, ' ', pad);
}

/*
 * Emit the magnitude v in base (8, 10 or 16) with an optional sign character
 * and prefix, honouring precision (minimum digits), width and flags.
 */
static void put_number(struct out *o, unsigned long long v, unsigned int base, char sign,
		       const char *prefix, const struct spec *sp)
{
	const char *set = sp->flags & F_UPPER ? "0123456789ABCDEF" : "0123456789abcdef";
	char digits[24]; /* 2^64 needs 22 octal digits */
	int nd = 0, zeros, pad, body;
	int plen = (int)strlen(prefix);

	/* C: zero printed with precision 0 has no digits at all. */
	if (v || sp->prec != 0) {
		do {
			digits[nd++] = set[v % base];
			v /= base;
		} while (v);
	}
	zeros = sp->prec > nd ? sp->prec - nd : 0;
	/* '#' with %o: the first digit printed must be a zero. */
	if (base == 8 && (sp->flags & F_ALT) && !zeros && (!nd || digits[nd - 1] != '0'))
		zeros = 1;

	body = (sign ? 1 : 0) + plen + zeros + nd;
	pad = sp->width > body ? sp->width - body : 0;
	/* '0' pads with zeros after sign and prefix; a precision cancels it. */
	if ((sp->flags & (F_ZERO | F_LEFT)) == F_ZERO && sp->prec < 0) {
		zeros += pad;
		pad = 0;
	}

	if (!(sp->flags & F_LEFT))
		put_repeat(o, ' ', pad);
	if (sign)
		put(o, sign);
	while (*prefix)
		put(o, *prefix++);
	put_repeat(o, '0', zeros);
	while (nd)
		put(o, digits[--nd]);
	if (sp->flags & F_LEFT)
		put_repeat(o, ' ', pad);
}

/* Parse a decimal field (width or precision) at *fmt, advancing it. */
static int parse_decimal(const char **fmt)
{
	int v = 0;

	while (**fmt >= '0' && **fmt <= '9') {
		if (v < 100000000)	/* saturate: absurd widths stay absurd, not negative */
			v = v * 10 + (**fmt - '0');
		(*fmt)++;
	}
	return v;
}

static enum length parse_length(const char **fmt)
{
	switch (*(*fmt)++) {
	case 'h':
		if (**fmt == 'h') {
			(*fmt)++;
			return LEN_CHAR;
		}
		return LEN_SHORT;
	case 'l':
		if (**fmt == 'l') {
			(*fmt)++;
			return LEN_LLONG;
		}
		return LEN_LONG;
	case 'z':
		return LEN_SIZE;
	case 't':
		return LEN_PTRDIFF;
	case 'j':
		return LEN_MAX;
	default:
		(*fmt)--;
		return LEN_INT;
	}
}

/*
 * The formatter. Reads arguments from ap as directed by fmt and writes via o.
 * Returns the number of characters produced (stored or not).
 */
static size_t format(struct out *o, const char *fmt, va_list ap)
{
	while (*fmt) {
		const char *start = fmt;
		struct spec sp = { .flags = 0, .width = 0, .prec = -1 };
		enum length len;
		unsigned long long u;
		long long s;
		unsigned int base;
		char c;

		if (*fmt != '%') {
			put(o, *fmt++);
			continue;
		}
		fmt++;

		for (;; fmt++) {
			if (*fmt == '-')
				sp.flags |= F_LEFT;
			else if (*fmt == '0')
				sp.flags |= F_ZERO;
			else if (*fmt == '+')
				sp.flags |= F_PLUS;
			else if (*fmt == ' ')
				sp.flags |= F_SPACE;
			else if (*fmt == '#')
				sp.flags |= F_ALT;
			else
				break;
		}

		if (*fmt == '*') {
			sp.width = va_arg(ap, int);
			if (sp.width < 0) {	/* C: a negative '*' width means '-' */
				sp.flags |= F_LEFT;
				sp.width = sp.width == -__INT_MAX__ - 1 ? __INT_MAX__ : -sp.width;
			}
			fmt++;
		} else {
			sp.width = parse_decimal(&fmt);
		}

		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				sp.prec = va_arg(ap, int);
				if (sp.prec < 0)	/* C: as if no precision was given */
					sp.prec = -1;
				fmt++;
			} else {
				sp.prec = parse_decimal(&fmt);
			}
		}

		len = parse_length(&fmt);

		switch ((c = *fmt++)) {
		case 'd':
		case 'i': {
			char sign;

			switch (len) {
			case LEN_CHAR:
				s = (signed char)va_arg(ap, int);
				break;
			case LEN_SHORT:
				s = (short)va_arg(ap, int);
				break;
			case LEN_LONG:
				s = va_arg(ap, long);
				break;
			case LEN_LLONG:
				s = va_arg(ap, long long);
				break;
			case LEN_SIZE:
				s = va_arg(ap, ssize_t);
				break;
			case LEN_PTRDIFF:
				s = va_arg(ap, ptrdiff_t);
				break;
			case LEN_MAX:
				s = va_arg(ap, intmax_t);
				break;
			default:
				s = va_arg(ap, int);
				break;
			}
			u = s < 0 ? 0ULL - (unsigned long long)s : (unsigned long long)s;
			if (s < 0)
				sign = '-';
			else if (sp.flags & F_PLUS)
				sign = '+';
			else
				sign = sp.flags & F_SPACE ? ' ' : 0;
			put_number(o, u, 10, sign, "", &sp);
			break;
		}

		case 'X':
			sp.flags |= F_UPPER;
			__attribute__((__fallthrough__));
		case 'x':
		case 'o':
		case 'u':
			switch (len) {
			case LEN_CHAR:
				u = (unsigned char)va_arg(ap, unsigned int);
				break;
			case LEN_SHORT:
				u = (unsigned short)va_arg(ap, unsigned int);
				break;
			case LEN_LONG:
				u = va_arg(ap, unsigned long);
				break;
			case LEN_LLONG:
				u = va_arg(ap, unsigned long long);
				break;
			case LEN_SIZE:
				u = va_arg(ap, size_t);
				break;
			case LEN_PTRDIFF:
				u = (size_t)va_arg(ap, ptrdiff_t);
				break;
			case LEN_MAX:
				u = va_arg(ap, uintmax_t);
				break;
			default:
				u = va_arg(ap, unsigned int);
				break;
			}
			base = c == 'o' ? 8 : c == 'u' ? 10 : 16;
			put_number(o, u, base, 0,
				   base == 16 && u && (sp.flags & F_ALT) ?
					   (c == 'X' ? "0X" : "0x") : "",
				   &sp);
			break;

		case 'p':
			/* Fixed width so that addresses line up in logs. */
			u = (uintptr_t)va_arg(ap, void *);
			sp.prec = 2 * (int)sizeof(void *);
			sp.flags &= ~F_ALT;
			put_number(o, u, 16, 0, "0x", &sp);
			break;

		case 'c':
			c = (char)va_arg(ap, int);
			put_field(o, &c, 1, &sp);
			break;

		case 's': {
			const char *str = va_arg(ap, const char *);

			if (!str)
				str = "(null)";
			put_field(o, str, sp.prec < 0 ? strlen(str) : strnlen(str, (size_t)sp.prec),
				  &sp);
			break;
		}

		case '%':
			put(o, '%');
			break;

		case '\0':
			/* A lone '%' at the end: print it, and stop at the NUL. */
			fmt--;
			__attribute__((__fallthrough__));
		default:
			/* Unknown conversion: show it as written rather than guess. */
			while (start < fmt)
				put(o, *start++);
			break;
		}
	}
	return o->len;
}

static int clamp_int(size_t n)
{
	return n > (size_t)__INT_MAX__ ? __INT_MAX__ : (int)n;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .size = size, .len = 0, .sink = NULL, .ctx = NULL };
	size_t n = format(&o, fmt, ap);

	if (size)
		buf[n < size ? n : size - 1] = '\0';
	return clamp_int(n);
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int vscnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	int n = vsnprintf(buf, size, fmt, ap);

	if (!size)
		return 0;
	return (size_t)n < size ? n : clamp_int(size - 1);
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int vcbprintf(printf_sink_t sink, void *ctx, const char *fmt, va_list ap)
{
	struct out o = { .buf = NULL, .size = 0, .len = 0, .sink = sink, .ctx = ctx };

	return clamp_int(format(&o, fmt, ap));
}
