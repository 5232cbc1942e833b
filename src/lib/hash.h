/*
 * The one hash of libtolk (private): FNV-1a. Words and keys are short, so a byte loop beats
 * anything fancier, and the values are stable across versions and machines, which matters
 * because some are stored: the term-base cache keeps tolk_hash_mix64 values and a TM store's
 * term filter keeps tolk_hash32 values (the 32-bit width is for that filter only).
 */
#ifndef TOLK_HASH_H
#define TOLK_HASH_H

#include <stddef.h>
#include <stdint.h>

#define TOLK_HASH64_INIT 14695981039346656037ULL
#define TOLK_HASH64_PRIME 1099511628211ULL

/* One step: fold v (a byte, or a whole id) into h. */
static inline uint64_t tolk_hash64_step(uint64_t h, uint64_t v)
{
	return (h ^ v) * TOLK_HASH64_PRIME;
}

/* Continue h over n bytes. */
static inline uint64_t tolk_hash64_more(uint64_t h, const void *data, size_t n)
{
	const unsigned char *s = data;
	for (size_t i = 0; i < n; i++)
		h = tolk_hash64_step(h, s[i]);
	return h;
}

/* FNV-1a 64 of n bytes. */
static inline uint64_t tolk_hash64(const void *data, size_t n)
{
	return tolk_hash64_more(TOLK_HASH64_INIT, data, n);
}

/* A final mix that spreads FNV's weak high bits, for tables indexed by the low bits. */
static inline uint64_t tolk_hash_mix64(uint64_t h)
{
	h ^= h >> 32;
	h *= 0xd6e8feb86659fd93ULL;
	h ^= h >> 32;
	return h;
}

/* FNV-1a 32 of n bytes. */
static inline uint32_t tolk_hash32(const void *data, size_t n)
{
	const unsigned char *s = data;
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 16777619u;
	return h;
}

#endif
