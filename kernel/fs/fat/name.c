/*
 * VFAT names and DOS times, apart from any I/O (see <kernel/fat_format.h>):
 * long names are UTF-16 on disk and UTF-8 for users; short names are the
 * 8.3 aliases every entry has, made from the long name with a numbered
 * "~N" tail when the name does not fit 8.3 as it is.
 */
#include <kernel/fat_format.h>
#include <lib/calendar.h>
#include <mica/compiler.h>
#include <lib/string.h>
#include <mica/errno.h>

u8 fat_lfn_checksum(const u8 name[11])
{
	u8 sum = 0;

	for (int i = 0; i < 11; i++)
		sum = (u8)(((sum & 1) << 7) + (sum >> 1) + name[i]);
	return sum;
}

/* Where a long-name entry keeps its 13 characters. */
static const u8 lfn_offs[FAT_LFN_CHARS] = { 1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30 };

void fat_lfn_take(struct fat_lfn *st, const u8 *de, u64 off)
{
	int ord = de[0] & 0x1f;

	if (de[0] & FAT_LFN_LAST) {
		if (!ord || ord > FAT_LFN_SLOTS || de[12] != 0) {
			st->total = 0;
			return;
		}
		st->total = st->expect = ord;
		st->csum = de[13];
		st->start = off;
	} else if (!st->total || ord != st->expect || de[13] != st->csum) {
		st->total = 0;
		return;
	}
	for (int i = 0; i < FAT_LFN_CHARS; i++)
		st->units[(ord - 1) * FAT_LFN_CHARS + i] =
			(u16)(de[lfn_offs[i]] | de[lfn_offs[i] + 1] << 8);
	st->expect--;
}

int fat_lfn_name(struct fat_lfn *st, const u8 *de, char *out)
{
	int n = 0, max;

	if (!st->total || st->expect || fat_lfn_checksum(de) != st->csum)
		return -1;
	max = st->total * FAT_LFN_CHARS;
	while (n < max && st->units[n])
		n++;
	if (!n || n > FAT_LFN_MAX)
		return -1;
	return fat_utf16_to_utf8(st->units, n, out);
}

void fat_lfn_entry(u8 *e, int ord, bool last, u8 csum, const u16 *units, int n)
{
	memset(e, 0, FAT_DIRENT_SIZE);
	e[0] = (u8)(ord | (last ? FAT_LFN_LAST : 0));
	e[11] = FAT_ATTR_LFN;
	e[13] = csum;
	for (int i = 0; i < FAT_LFN_CHARS; i++) {
		int k = (ord - 1) * FAT_LFN_CHARS + i;
		u16 u = k < n ? units[k] : k == n ? 0 : 0xffff;

		e[lfn_offs[i]] = (u8)u;
		e[lfn_offs[i] + 1] = (u8)(u >> 8);
	}
}

int fat_utf8_to_utf16(const char *s, size_t len, u16 *out)
{
	const u8 *p = (const u8 *)s;
	int n = 0;

	for (size_t i = 0; i < len;) {
		u32 c = p[i], need, min;

		if (c < 0x80) {
			need = 0;
			min = 0;
		} else if ((c & 0xe0) == 0xc0) {
			c &= 0x1f;
			need = 1;
			min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			c &= 0x0f;
			need = 2;
			min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			c &= 0x07;
			need = 3;
			min = 0x10000;
		} else {
			return -EINVAL;
		}
		if (need && i + need >= len)
			return -EINVAL;
		for (u32 k = 1; k <= need; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return -EINVAL;
			c = c << 6 | (p[i + k] & 0x3f);
		}
		i += need + 1;
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c < 0xe000) || !c)
			return -EINVAL;
		if (c >= 0x10000) {
			if (n + 2 > FAT_LFN_MAX)
				return -ENAMETOOLONG;
			c -= 0x10000;
			out[n++] = (u16)(0xd800 | c >> 10);
			out[n++] = (u16)(0xdc00 | (c & 0x3ff));
		} else {
			if (n + 1 > FAT_LFN_MAX)
				return -ENAMETOOLONG;
			out[n++] = (u16)c;
		}
	}
	return n;
}

int fat_utf16_to_utf8(const u16 *s, int n, char *out)
{
	int len = 0;

	for (int i = 0; i < n; i++) {
		u32 c = s[i];

		if (!c)
			return -EINVAL;
		if (c >= 0xd800 && c < 0xdc00) {
			if (i + 1 >= n || s[i + 1] < 0xdc00 || s[i + 1] >= 0xe000)
				return -EINVAL;
			c = 0x10000 + ((c - 0xd800) << 10) + (s[++i] - 0xdc00);
		} else if (c >= 0xdc00 && c < 0xe000) {
			return -EINVAL;
		}
		if (c < 0x80) {
			out[len++] = (char)c;
		} else if (c < 0x800) {
			out[len++] = (char)(0xc0 | c >> 6);
			out[len++] = (char)(0x80 | (c & 0x3f));
		} else if (c < 0x10000) {
			out[len++] = (char)(0xe0 | c >> 12);
			out[len++] = (char)(0x80 | ((c >> 6) & 0x3f));
			out[len++] = (char)(0x80 | (c & 0x3f));
		} else {
			out[len++] = (char)(0xf0 | c >> 18);
			out[len++] = (char)(0x80 | ((c >> 12) & 0x3f));
			out[len++] = (char)(0x80 | ((c >> 6) & 0x3f));
			out[len++] = (char)(0x80 | (c & 0x3f));
		}
	}
	out[len] = 0;
	return len;
}

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }
static char upper(char c) { return c >= 'a' && c <= 'z' ? (char)(c - 32) : c; }

/* A byte of a short name shown to users: OEM code page bytes above 0x7f
 * have no UTF-8 form here, so they show as '_'. */
static char short_char(u8 c, bool low)
{
	if (c >= 0x80 || c < 0x20)
		return '_';
	return low ? lower((char)c) : (char)c;
}

int fat_short_to_name(const u8 name[11], u8 lcase, char *out)
{
	int len = 0, end = 8, eend = 11;

	while (end > 0 && name[end - 1] == ' ')
		end--;
	while (eend > 8 && name[eend - 1] == ' ')
		eend--;
	for (int i = 0; i < end; i++)
		out[len++] = short_char(i == 0 && name[0] == 0x05 ? 0xe5 : name[i],
					lcase & FAT_LCASE_BASE);
	if (eend > 8) {
		out[len++] = '.';
		for (int i = 8; i < eend; i++)
			out[len++] = short_char(name[i], lcase & FAT_LCASE_EXT);
	}
	out[len] = 0;
	return len;
}

int fat_check_name(const char *name, size_t *len)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < n; i++) {
		u8 c = (u8)name[i];

		if (c < 0x20 || strchr("*?<>|\":/\\", c))
			return -EINVAL;
	}
	while (n && name[n - 1] == '.')
		n--;
	if (!n)
		return -EINVAL;
	*len = n;
	return 0;
}

/* Characters a short name may hold as they are (besides A-Z and 0-9). */
static bool short_ok(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'()-@^_`{}~", c));
}

/* Upper-case characters [p, end) into out (max of them): how many were
 * put. Spaces and dots are dropped, characters a short name cannot hold
 * become '_', and either makes the name lossy; lower case makes it inexact. */
static int short_part(const char *p, const char *end, u8 *out, int max, bool *exact, bool *lossy)
{
	int n = 0;

	for (; p < end; p++) {
		char c = *p;

		if (c == ' ' || c == '.') {
			*exact = false;
			*lossy = true;	/* dropped: the short name must differ visibly */
			continue;
		}
		if (!short_ok(upper(c))) {
			c = '_';
			*lossy = true;
		}
		if (upper(c) != c)
			*exact = false;
		if (n < max)
			out[n++] = (u8)upper(c);
		else
			*lossy = true;
	}
	return n;
}

int fat_short_base(const char *name, size_t len, u8 out[11], int *base_len)
{
	const char *dot = NULL;
	bool exact = true, lossy = false;
	int b;

	memset(out, ' ', 11);
	for (size_t i = 0; i < len; i++)
		if (name[i] == '.')
			dot = name + i;
	if (dot == name || (dot && dot == name + len - 1))
		dot = NULL;	/* ".profile": all base */
	b = short_part(name, dot ? dot : name + len, out, 8, &exact, &lossy);
	short_part(dot ? dot + 1 : name + len, name + len, out + 8, 3, &exact, &lossy);
	if (!b) {
		out[0] = '_';
		b = 1;
		lossy = true;
	}
	if (out[0] == 0xe5)
		out[0] = 0x05;
	*base_len = b;
	if (lossy)
		return 2;
	return exact ? 0 : 1;
}

int fat_short_tail(u8 name[11], int base_len, unsigned int n)
{
	char digits[12];
	int nd = 0, keep;

	if (!n || n > 999999)
		return -ENOSPC;
	for (unsigned int v = n; v; v /= 10)
		digits[nd++] = (char)('0' + v % 10);
	keep = MIN(base_len, 8 - 1 - nd);
	for (int i = keep; i < 8; i++)
		name[i] = ' ';
	name[keep] = '~';
	for (int i = 0; i < nd; i++)
		name[keep + 1 + i] = (u8)digits[nd - 1 - i];
	return 0;
}

bool fat_name_eq(const char *a, size_t alen, const char *b, size_t blen)
{
	if (alen != blen)
		return false;
	for (size_t i = 0; i < alen; i++)
		if (lower(a[i]) != lower(b[i]))
			return false;
	return true;
}

#define SECS_1980 315532800LL	/* 1980-01-01 */
#define SECS_2108 4354819200LL	/* 2108-01-01 */

s64 fat_time_to_unix(u16 date, u16 time, u8 cs)
{
	struct cal_time tm = { 0 };
	u64 secs;

	tm.tm_year = 80 + (date >> 9);
	tm.tm_mon = ((date >> 5) & 15) - 1;
	tm.tm_mday = date & 31;
	tm.tm_hour = time >> 11;
	tm.tm_min = (time >> 5) & 63;
	tm.tm_sec = (time & 31) * 2;
	if (tm.tm_mon < 0 || tm.tm_mon > 11)
		tm.tm_mon = 0;
	if (tm.tm_mday < 1)
		tm.tm_mday = 1;
	if (tm.tm_hour > 23)
		tm.tm_hour = 23;
	if (tm.tm_min > 59)
		tm.tm_min = 59;
	if (tm.tm_sec > 59)
		tm.tm_sec = 58;
	/* A day past the month's end rolls on (Feb 31 -> Mar 3), as Linux's sum does. */
	while (calendar_to_seconds(&tm, &secs) && tm.tm_mday > 28)
		tm.tm_mday--;
	if (calendar_to_seconds(&tm, &secs))
		return SECS_1980;
	return (s64)secs + (cs < 200 ? cs / 100 : 0);
}

void fat_time_from_unix(s64 secs, u16 *date, u16 *time, u8 *cs)
{
	struct cal_time tm;

	if (secs < SECS_1980) {
		*date = (1 << 5) | 1;
		*time = 0;
		if (cs)
			*cs = 0;
		return;
	}
	if (secs >= SECS_2108) {
		*date = (u16)(127 << 9 | 12 << 5 | 31);
		*time = (u16)(23 << 11 | 59 << 5 | 29);
		if (cs)
			*cs = 199;
		return;
	}
	calendar_from_seconds((u64)secs, &tm);
	*date = (u16)((tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 | tm.tm_mday);
	*time = (u16)(tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec / 2);
	if (cs)
		*cs = (u8)((tm.tm_sec & 1) * 100);
}
