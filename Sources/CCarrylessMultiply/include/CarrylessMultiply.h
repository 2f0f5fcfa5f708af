// Carry-less (GF(2)[z]) polynomial products on PCLMULQDQ, for Toeplitz hashing.
// SPDX-License-Identifier: GPL-3.0-or-later
#ifndef QKD_CARRYLESS_MULTIPLY_H
#define QKD_CARRYLESS_MULTIPLY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Results of the products below.
enum {
    QKD_CLMUL_OK = 0,
    QKD_CLMUL_UNAVAILABLE = 1,   // not x86-64, or this CPU lacks PCLMULQDQ
    QKD_CLMUL_NO_MEMORY = 2,
    QKD_CLMUL_CANCELLED = 3,     // the cancel check returned nonzero
};

/// Polled between large sub-products (a few hundred microseconds apart);
/// returns nonzero to stop the product. May be NULL.
typedef int (*qkd_cancel_check)(void *context);

/// 1 when this build and this CPU run the carry-less kernels, else 0.
int qkd_clmul_available(void);

/// out[0 ..< na + nb] = a · b in GF(2)[z]. Word k holds the coefficients of
/// z^(64k) … z^(64k + 63), least significant bit first.
int qkd_gf2_multiply(const uint64_t *a, size_t na, const uint64_t *b, size_t nb, uint64_t *out,
                     qkd_cancel_check check, void *context);

/// Toeplitz hash y = T·x over GF(2), T[i][j] = seed[i − j + n − 1]:
/// y[i] is coefficient i + n − 1 of seed(z)·key(z).
/// key: n bits in ⌈n/64⌉ words; seed: n + m − 1 bits; y: ⌈m/64⌉ words.
/// Bits of the last words beyond the lengths are ignored; y's are cleared.
int qkd_gf2_toeplitz(const uint64_t *seed, const uint64_t *key, size_t n, size_t m, uint64_t *y,
                     qkd_cancel_check check, void *context);

#ifdef __cplusplus
}
#endif

#endif
