/*
 * The htree directory hashes (the definitions Linux's fs/ext4/hash.c and
 * e2fsprogs' lib/ext2fs/dirhash.c implement): the "legacy" hash, half-MD4
 * (three MD4 rounds on 32-byte chunks) and TEA (16 rounds on 16-byte
 * chunks). Names are packed into 32-bit words with a length-derived pad;
 * the signed variants sign-extend each byte (char signedness of the
 * machine that made the file system: the superblock says which).
 */
#include <kernel/ext4_format.h>

static u32 rol32(u32 v, unsigned int s)
{
	return (v << s) | (v >> (32 - s));
}

static u32 legacy(const char *name, u32 len, bool unsig)
{
	u32 h0 = 0x12a3fe2d, h1 = 0x37abe8f9, h;

	for (u32 i = 0; i < len; i++) {
		int c = unsig ? (int)(u8)name[i] : (int)(s8)name[i];

		h = h1 + (h0 ^ (u32)(c * 7152373));
		if (h & 0x80000000)
			h -= 0x7fffffff;
		h1 = h0;
		h0 = h;
	}
	return h0 << 1;
}

/* Pack up to num words of msg into buf, padded with the length pattern. */
static void pack(const char *msg, u32 len, u32 *buf, int num, bool unsig)
{
	u32 pad = len | (len << 8), val;

	pad |= pad << 16;
	val = pad;
	if (len > (u32)num * 4)
		len = (u32)num * 4;
	for (u32 i = 0; i < len; i++) {
		int c = unsig ? (int)(u8)msg[i] : (int)(s8)msg[i];

		val = (u32)c + (val << 8);
		if (i % 4 == 3) {
			*buf++ = val;
			val = pad;
			num--;
		}
	}
	if (--num >= 0)
		*buf++ = val;
	while (--num >= 0)
		*buf++ = pad;
}

#define F(x, y, z) ((z) ^ ((x) & ((y) ^ (z))))
#define G(x, y, z) (((x) & (y)) + (((x) ^ (y)) & (z)))
#define H(x, y, z) ((x) ^ (y) ^ (z))
#define ROUND(f, a, b, c, d, x, s) ((a) += f((b), (c), (d)) + (x), (a) = rol32((a), (s)))
#define K2 0x5a827999u
#define K3 0x6ed9eba1u

static void half_md4(u32 buf[4], const u32 in[8])
{
	u32 a = buf[0], b = buf[1], c = buf[2], d = buf[3];

	ROUND(F, a, b, c, d, in[0], 3);
	ROUND(F, d, a, b, c, in[1], 7);
	ROUND(F, c, d, a, b, in[2], 11);
	ROUND(F, b, c, d, a, in[3], 19);
	ROUND(F, a, b, c, d, in[4], 3);
	ROUND(F, d, a, b, c, in[5], 7);
	ROUND(F, c, d, a, b, in[6], 11);
	ROUND(F, b, c, d, a, in[7], 19);

	ROUND(G, a, b, c, d, in[1] + K2, 3);
	ROUND(G, d, a, b, c, in[3] + K2, 5);
	ROUND(G, c, d, a, b, in[5] + K2, 9);
	ROUND(G, b, c, d, a, in[7] + K2, 13);
	ROUND(G, a, b, c, d, in[0] + K2, 3);
	ROUND(G, d, a, b, c, in[2] + K2, 5);
	ROUND(G, c, d, a, b, in[4] + K2, 9);
	ROUND(G, b, c, d, a, in[6] + K2, 13);

	ROUND(H, a, b, c, d, in[3] + K3, 3);
	ROUND(H, d, a, b, c, in[7] + K3, 9);
	ROUND(H, c, d, a, b, in[2] + K3, 11);
	ROUND(H, b, c, d, a, in[6] + K3, 15);
	ROUND(H, a, b, c, d, in[1] + K3, 3);
	ROUND(H, d, a, b, c, in[5] + K3, 9);
	ROUND(H, c, d, a, b, in[0] + K3, 11);
	ROUND(H, b, c, d, a, in[4] + K3, 15);

	buf[0] += a;
	buf[1] += b;
	buf[2] += c;
	buf[3] += d;
}

static void tea(u32 buf[4], const u32 in[4])
{
	u32 sum = 0, b0 = buf[0], b1 = buf[1];

	for (int n = 0; n < 16; n++) {
		sum += 0x9e3779b9;
		b0 += ((b1 << 4) + in[0]) ^ (b1 + sum) ^ ((b1 >> 5) + in[1]);
		b1 += ((b0 << 4) + in[2]) ^ (b0 + sum) ^ ((b0 >> 5) + in[3]);
	}
	buf[0] += b0;
	buf[1] += b1;
}

u32 ext4_dx_hash(const char *name, u32 len, u8 hash_version, const u32 seed[4], u32 *minor)
{
	u32 buf[4] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476 }, in[8];
	bool unsig = hash_version >= EXT4_HASH_LEGACY_UNSIGNED;
	u32 hash = 0, min = 0;

	if (seed && (seed[0] | seed[1] | seed[2] | seed[3]))
		for (int i = 0; i < 4; i++)
			buf[i] = seed[i];
	switch (hash_version % 3) {
	case EXT4_HASH_LEGACY:
		hash = legacy(name, len, unsig);
		break;
	case EXT4_HASH_HALF_MD4:
		for (s64 left = len; left > 0; left -= 32, name += 32) {
			pack(name, (u32)left, in, 8, unsig);
			half_md4(buf, in);
		}
		hash = buf[1];
		min = buf[2];
		break;
	case EXT4_HASH_TEA:
		for (s64 left = len; left > 0; left -= 16, name += 16) {
			pack(name, (u32)left, in, 4, unsig);
			tea(buf, in);
		}
		hash = buf[0];
		min = buf[1];
		break;
	}
	hash &= ~1u;
	if (hash == 0xfffffffeu)	/* the end-of-directory marker */
		hash = 0xfffffffcu;
	if (minor)
		*minor = min;
	return hash;
}
