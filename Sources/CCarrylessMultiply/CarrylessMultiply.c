// Carry-less polynomial products over GF(2): PCLMULQDQ schoolbook blocks
// under Karatsuba recursion, and the Toeplitz hash as a transposed-Karatsuba
// middle product. See README.md for the design.
// SPDX-License-Identifier: GPL-3.0-or-later
#include "CarrylessMultiply.h"

#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>

/// Below this many words (of the shorter operand) the schoolbook kernel is
/// faster than another Karatsuba level (measured, README.md).
#define SCHOOLBOOK_WORDS 32
/// Sub-products of at least this many words poll the cancel check.
#define POLL_WORDS 1024

struct product_context {
    qkd_cancel_check check;
    void *context;
    int cancelled;
};

/// Schoolbook on 128-bit digits A = a0 + z^64 a1, by product scanning.
/// Each digit product is a 2×2-word Karatsuba in registers,
///   A·B = lo + z^64 (mid − lo − hi) + z^128 hi,
///   lo = a0b0, hi = a1b1, mid = (a0 + a1)(b0 + b1),
/// and since that recombination is linear, lo, hi and mid are summed over
/// every digit pair of an output digit first and recombined once: three
/// PCLMULQDQ per four word products. Output digit k's 256-bit sum carries
/// its high half into digit k + 1, so each output word is stored once.
/// na, nb ≤ SCHOOLBOOK_WORDS.
__attribute__((target("pclmul,sse4.1")))
static void schoolbook(const uint64_t *a, size_t na, const uint64_t *b, size_t nb, uint64_t *out) {
    enum { DIGITS = SCHOOLBOOK_WORDS / 2 };
    uint64_t wa[2 * DIGITS] = {0}, wb[2 * DIGITS] = {0}, wo[4 * DIGITS];
    memcpy(wa, a, na * sizeof(uint64_t));
    memcpy(wb, b, nb * sizeof(uint64_t));
    size_t da = (na + 1) / 2, db = (nb + 1) / 2;
    __m128i A[DIGITS], B[DIGITS], FA[DIGITS], FB[DIGITS];
    for (size_t i = 0; i < da; i++) {
        A[i] = _mm_loadu_si128((const __m128i *)(wa + 2 * i));
        FA[i] = _mm_xor_si128(A[i], _mm_shuffle_epi32(A[i], 0x4E));   // both halves a0 + a1
    }
    for (size_t j = 0; j < db; j++) {
        B[j] = _mm_loadu_si128((const __m128i *)(wb + 2 * j));
        FB[j] = _mm_xor_si128(B[j], _mm_shuffle_epi32(B[j], 0x4E));
    }
    __m128i carry = _mm_setzero_si128();
    for (size_t k = 0; k + 1 < da + db; k++) {
        size_t i0 = k >= db ? k - db + 1 : 0;
        size_t i1 = k < da ? k : da - 1;
        __m128i lo = _mm_setzero_si128(), hi = _mm_setzero_si128(), mid = _mm_setzero_si128();
        for (size_t i = i0; i <= i1; i++) {
            lo = _mm_xor_si128(lo, _mm_clmulepi64_si128(A[i], B[k - i], 0x00));
            hi = _mm_xor_si128(hi, _mm_clmulepi64_si128(A[i], B[k - i], 0x11));
            mid = _mm_xor_si128(mid, _mm_clmulepi64_si128(FA[i], FB[k - i], 0x00));
        }
        mid = _mm_xor_si128(mid, _mm_xor_si128(lo, hi));
        __m128i low = _mm_xor_si128(lo, _mm_slli_si128(mid, 8));
        __m128i high = _mm_xor_si128(hi, _mm_srli_si128(mid, 8));
        _mm_storeu_si128((__m128i *)(wo + 2 * k), _mm_xor_si128(low, carry));
        carry = high;
    }
    _mm_storeu_si128((__m128i *)(wo + 2 * (da + db - 1)), carry);
    memcpy(out, wo, (na + nb) * sizeof(uint64_t));   // the words beyond are zero
}

static void xor_into(uint64_t *dst, const uint64_t *src, size_t n) {
    for (size_t i = 0; i < n; i++) dst[i] ^= src[i];
}

/// Scratch words that multiply(na, nb) may use beyond its output: each
/// Karatsuba level takes 4h words (two half sums and their product), h =
/// ⌈n/2⌉, so the total is below 4n plus a few words per level; an
/// unbalanced split takes 2·nb for one chunk's product plus that chunk's own.
static size_t scratch_words(size_t na, size_t nb) {
    size_t n = na > nb ? na : nb;
    return 6 * n + 256;
}

/// out[0 ..< na + nb] = a·b. Karatsuba (Karatsuba & Ofman 1962) on the
/// halves a = a0 + z^(64h) a1, b = b0 + z^(64h) b1:
///   a·b = P0 + z^(64h) (P1 − P0 − P2) + z^(128h) P2,
///   P0 = a0 b0, P2 = a1 b1, P1 = (a0 + a1)(b0 + b1),
/// where − and + are both XOR in GF(2)[z]. P0 and P2 land in the output
/// directly and tile it exactly, so only P1 and the sums need scratch.
__attribute__((target("pclmul,sse4.1")))
static void multiply(const uint64_t *a, size_t na, const uint64_t *b, size_t nb, uint64_t *out, uint64_t *scratch,
                     struct product_context *c) {
    if (c->cancelled) return;
    if (na < nb) {
        const uint64_t *t = a; a = b; b = t;
        size_t tn = na; na = nb; nb = tn;
    }
    if (nb == 0) {
        memset(out, 0, na * sizeof(uint64_t));
        return;
    }
    if (nb <= SCHOOLBOOK_WORDS) {
        if (na <= SCHOOLBOOK_WORDS) {
            schoolbook(a, na, b, nb, out);
            return;
        }
        // A short b against a long a: a in SCHOOLBOOK_WORDS chunks.
        uint64_t part[2 * SCHOOLBOOK_WORDS];
        memset(out, 0, (na + nb) * sizeof(uint64_t));
        for (size_t offset = 0; offset < na; offset += SCHOOLBOOK_WORDS) {
            size_t len = na - offset < SCHOOLBOOK_WORDS ? na - offset : SCHOOLBOOK_WORDS;
            schoolbook(a + offset, len, b, nb, part);
            xor_into(out + offset, part, len + nb);
        }
        return;
    }
    if (na >= POLL_WORDS && c->check != NULL && c->check(c->context)) {
        c->cancelled = 1;
        return;
    }
    size_t h = (na + 1) / 2;
    if (nb <= h) {
        // Unbalanced: a in chunks of nb words, each a balanced product.
        memset(out, 0, (na + nb) * sizeof(uint64_t));
        uint64_t *part = scratch, *rest = scratch + 2 * nb;
        for (size_t offset = 0; offset < na; offset += nb) {
            size_t len = na - offset < nb ? na - offset : nb;
            multiply(a + offset, len, b, nb, part, rest, c);
            if (c->cancelled) return;
            xor_into(out + offset, part, len + nb);
        }
        return;
    }
    size_t la1 = na - h, lb1 = nb - h;   // 1 ≤ lb1 ≤ la1 ≤ h
    uint64_t *sa = scratch, *sb = scratch + h, *p1 = scratch + 2 * h, *rest = scratch + 4 * h;
    memcpy(sa, a, h * sizeof(uint64_t));
    xor_into(sa, a + h, la1);
    memcpy(sb, b, h * sizeof(uint64_t));
    xor_into(sb, b + h, lb1);
    multiply(a, h, b, h, out, rest, c);                   // P0 → out[0 ..< 2h]
    multiply(a + h, la1, b + h, lb1, out + 2 * h, rest, c); // P2 → out[2h ..< na + nb]
    multiply(sa, h, sb, h, p1, rest, c);
    if (c->cancelled) return;
    xor_into(p1, out, 2 * h);
    xor_into(p1, out + 2 * h, la1 + lb1);
    xor_into(out + h, p1, 2 * h);   // h + 2h ≤ na + nb because nb > h, na ≥ 2h − 1
}

static int have_pclmul(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1");
}

int qkd_clmul_available(void) { return have_pclmul(); }

int qkd_gf2_multiply(const uint64_t *a, size_t na, const uint64_t *b, size_t nb, uint64_t *out,
                     qkd_cancel_check check, void *context) {
    if (!have_pclmul()) return QKD_CLMUL_UNAVAILABLE;
    if (na == 0 || nb == 0) {
        memset(out, 0, (na + nb) * sizeof(uint64_t));
        return QKD_CLMUL_OK;
    }
    uint64_t *scratch = malloc(scratch_words(na, nb) * sizeof(uint64_t));
    if (scratch == NULL) return QKD_CLMUL_NO_MEMORY;
    struct product_context c = {check, context, 0};
    multiply(a, na, b, nb, out, scratch, &c);
    free(scratch);
    return c.cancelled ? QKD_CLMUL_CANCELLED : QKD_CLMUL_OK;
}

/// Copies the first `bits` bits of src into dst (⌈bits/64⌉ words), clearing
/// the bits beyond them.
static void copy_bits(uint64_t *dst, const uint64_t *src, size_t bits) {
    size_t words = (bits + 63) / 64;
    memcpy(dst, src, words * sizeof(uint64_t));
    if (bits % 64 != 0) dst[words - 1] &= (UINT64_C(1) << (bits % 64)) - 1;
}

// ---- Middle product -------------------------------------------------------
//
// A Toeplitz hash needs only the middle of s(z)·x(z). The middle product is
// the transpose of multiplication, so Karatsuba transposes into an algorithm
// of the same cost as one balanced product (Hanrot, Quercia & Zimmermann,
// "The middle product algorithm I", AAECC 14, 415 (2004); Bostan, Lecerf &
// Schost, "Tellegen's principle into practice", ISSAC 2003).
//
// Word level: for S of 2N − 1 words and X of N words let
//     c_t = Σ_{b<N} S[t − b]·X[b]        (128-bit carry-less sums),
// full for t = N − 1 … 2N − 2. middle() writes N + 1 words,
//     out[0] = lo(c_{N−1}),  out[j] = lo(c_{N−1+j}) ⊕ hi(c_{N−2+j}),  out[N] = hi(c_{2N−2}),
// which is linear in S and X, so halves can be added word-wise.

/// Sub-middle-products of at most this many words use the direct kernel.
#define MIDDLE_WORDS 32

/// The direct middle product for even N ≤ MIDDLE_WORDS, on 128-bit digits
/// as in schoolbook(). With S'[u] = S[u − 1], c_{N−1+j} = Σ_b S'[N + j − b]·X[b]
/// = d_{N+j}, a coefficient of S'·X. The digit sums over α + β = τ give
/// lo_τ → d_{2τ}, mid_τ → d_{2τ+1}, hi_τ → d_{2τ+2}, so out needs hi_{N/2−1}
/// and τ = N/2 … N − 1 (three PCLMULQDQ per four word products), and of the
/// last digit only the middle's high word, d_{2N−1}'s.
__attribute__((target("pclmul,sse4.1")))
static void middle_base(const uint64_t *s, const uint64_t *x, size_t N, uint64_t *out) {
    enum { DIGITS = MIDDLE_WORDS };
    size_t half = N / 2;
    __m128i SD[DIGITS], FS[DIGITS], XD[DIGITS / 2], FX[DIGITS / 2];
    for (size_t a = 1; a < N; a++) {   // S' digit a = (S[2a − 1], S[2a])
        SD[a] = _mm_loadu_si128((const __m128i *)(s + 2 * a - 1));
        FS[a] = _mm_xor_si128(SD[a], _mm_shuffle_epi32(SD[a], 0x4E));
    }
    for (size_t b = 0; b < half; b++) {
        XD[b] = _mm_loadu_si128((const __m128i *)(x + 2 * b));
        FX[b] = _mm_xor_si128(XD[b], _mm_shuffle_epi32(XD[b], 0x4E));
    }
    // hi_{N/2−1} = Σ_β S'[2α + 1]·X[2β + 1] = Σ_β S[2α]·X[2β + 1], α = N/2 − 1 − β.
    __m128i carry = _mm_setzero_si128();
    for (size_t b = 0; b < half; b++) {
        __m128i sv = _mm_loadl_epi64((const __m128i *)(s + 2 * (half - 1 - b)));
        carry = _mm_xor_si128(carry, _mm_clmulepi64_si128(sv, XD[b], 0x10));
    }
    for (size_t t = half; t < N; t++) {
        __m128i lo = _mm_setzero_si128(), hi = _mm_setzero_si128(), mid = _mm_setzero_si128();
        for (size_t b = 0; b < half; b++) {   // α = t − b ≥ 1
            lo = _mm_xor_si128(lo, _mm_clmulepi64_si128(SD[t - b], XD[b], 0x00));
            hi = _mm_xor_si128(hi, _mm_clmulepi64_si128(SD[t - b], XD[b], 0x11));
            mid = _mm_xor_si128(mid, _mm_clmulepi64_si128(FS[t - b], FX[b], 0x00));
        }
        mid = _mm_xor_si128(mid, _mm_xor_si128(lo, hi));
        if (t + 1 == N) {
            // d_{2N−2} = lo + previous hi fills out[N − 2]; d_{2N−1} = mid.
            __m128i low = _mm_xor_si128(_mm_xor_si128(lo, _mm_slli_si128(mid, 8)), carry);
            _mm_storeu_si128((__m128i *)(out + 2 * t - N), low);
            out[N] = (uint64_t)_mm_cvtsi128_si64(_mm_srli_si128(mid, 8));
            return;
        }
        __m128i low = _mm_xor_si128(lo, _mm_slli_si128(mid, 8));
        _mm_storeu_si128((__m128i *)(out + 2 * t - N), _mm_xor_si128(low, carry));
        carry = _mm_xor_si128(hi, _mm_srli_si128(mid, 8));
    }
}

/// Scratch words that middle(N) may use: each level takes 4N + 1 words and
/// recurses on N/2, so < 8N + 2·levels in all.
static size_t middle_scratch_words(size_t N) { return 8 * N + 256; }

/// Transposed Karatsuba for even N = 2k, S0, S1, S2 = S[0, k, 2k ..< +2k−1],
/// X0, X1 = X[0, k ..< +k]. The low half of the output is
/// MP(S1, X0) + MP(S0, X1), the high half MP(S2, X0) + MP(S1, X1), so with
///   α = MP(S1, X0 + X1),  β = MP(S0 + S1, X1),  γ = MP(S1 + S2, X0):
///   low = α + β,  high = α + γ      (three half-size middle products).
__attribute__((target("pclmul,sse4.1")))
static void middle(const uint64_t *s, const uint64_t *x, size_t N, uint64_t *out, uint64_t *scratch,
                   struct product_context *c) {
    if (c->cancelled) return;
    if (N <= MIDDLE_WORDS) {   // the caller makes N = b·2^L, b even ≤ MIDDLE_WORDS
        middle_base(s, x, N, out);
        return;
    }
    if (N >= POLL_WORDS && c->check != NULL && c->check(c->context)) {
        c->cancelled = 1;
        return;
    }
    size_t k = N / 2;
    uint64_t *x01 = scratch, *s01 = x01 + k, *s12 = s01 + (2 * k - 1);
    uint64_t *alpha = s12 + (2 * k - 1), *beta = alpha + (k + 1), *gamma = beta + (k + 1), *rest = gamma + (k + 1);
    for (size_t i = 0; i < k; i++) x01[i] = x[i] ^ x[k + i];
    for (size_t i = 0; i < 2 * k - 1; i++) {
        s01[i] = s[i] ^ s[k + i];
        s12[i] = s[k + i] ^ s[2 * k + i];
    }
    middle(s + k, x01, k, alpha, rest, c);
    middle(s01, x + k, k, beta, rest, c);
    middle(s12, x, k, gamma, rest, c);
    if (c->cancelled) return;
    for (size_t i = 0; i <= k; i++) out[i] = alpha[i] ^ beta[i];
    out[k] ^= alpha[0] ^ gamma[0];
    for (size_t i = 1; i <= k; i++) out[k + i] = alpha[i] ^ gamma[i];
}

int qkd_gf2_toeplitz(const uint64_t *seed, const uint64_t *key, size_t n, size_t m, uint64_t *y,
                     qkd_cancel_check check, void *context) {
    if (!have_pclmul()) return QKD_CLMUL_UNAVAILABLE;
    size_t ny = (m + 63) / 64;
    if (m == 0) return QKD_CLMUL_OK;
    if (n == 0) {
        memset(y, 0, ny * sizeof(uint64_t));
        return QKD_CLMUL_OK;
    }
    size_t seed_bits = n + m - 1;
    ptrdiff_t nk = (ptrdiff_t)((n + 63) / 64);
    // Product words w_lo … w_hi hold coefficients n − 1 … n + m − 2; word w
    // is lo(c_w) ⊕ hi(c_{w−1}), so R = W + 1 word coefficients from t0 = w_lo − 1.
    ptrdiff_t w_lo = (ptrdiff_t)((n - 1) / 64), w_hi = (ptrdiff_t)((n + m - 2) / 64);
    ptrdiff_t t0 = w_lo - 1, R = w_hi - w_lo + 2;
    // Square middle products of N words: output blocks r × key blocks q,
    // the key zero-padded to nq·N words and the seed to the windows read.
    ptrdiff_t N = R < nk ? R : nk;
    // Round N up to b·2^L with b even and ≤ MIDDLE_WORDS, so every level
    // halves evenly and the direct kernel gets whole digits.
    int L = 0;
    while (((N + ((ptrdiff_t)1 << L) - 1) >> L) > MIDDLE_WORDS) L++;
    ptrdiff_t blocks = (N + ((ptrdiff_t)1 << L) - 1) >> L;
    N = (blocks + (blocks & 1)) << L;
    ptrdiff_t nr = (R + N - 1) / N, nq = (nk + N - 1) / N;
    ptrdiff_t lowest = t0 - nq * N + 1, span = (nr + nq) * N - 1;
    size_t total = (size_t)span + (size_t)(nq * N) + (size_t)(nr * N + 1) + (size_t)(N + 1)
                   + middle_scratch_words((size_t)N);
    uint64_t *buffer = malloc(total * sizeof(uint64_t));
    if (buffer == NULL) return QKD_CLMUL_NO_MEMORY;
    uint64_t *s = buffer, *x = s + span, *rep = x + nq * N, *part = rep + nr * N + 1, *scratch = part + N + 1;
    memset(s, 0, (size_t)span * sizeof(uint64_t));
    copy_bits(s + (0 - lowest), seed, seed_bits);   // seed word a sits at s[a − lowest]
    memset(x, 0, (size_t)(nq * N) * sizeof(uint64_t));
    copy_bits(x, key, n);
    memset(rep, 0, (size_t)(nr * N + 1) * sizeof(uint64_t));
    struct product_context c = {check, context, 0};
    for (ptrdiff_t r = 0; r < nr && !c.cancelled; r++) {
        for (ptrdiff_t q = 0; q < nq && !c.cancelled; q++) {
            // Coefficients t0 + rN …, key words qN …: seed window from a0.
            ptrdiff_t a0 = t0 + r * N - q * N - (N - 1);
            middle(s + (a0 - lowest), x + q * N, (size_t)N, part, scratch, &c);
            if (!c.cancelled) xor_into(rep + r * N, part, (size_t)N + 1);
        }
    }
    if (c.cancelled) {
        free(buffer);
        return QKD_CLMUL_CANCELLED;
    }
    // rep[j] is product word t0 + j; y[i] = product bit (n − 1 + i).
    size_t r_bits = (n - 1) % 64, nrep = (size_t)(nr * N + 1);
    for (size_t w = 0; w < ny; w++) {
        uint64_t lo = rep[1 + w];
        uint64_t hi = (r_bits != 0 && 2 + w < nrep) ? rep[2 + w] << (64 - r_bits) : 0;
        y[w] = (lo >> r_bits) | hi;
    }
    if (m % 64 != 0) y[ny - 1] &= (UINT64_C(1) << (m % 64)) - 1;
    free(buffer);
    return QKD_CLMUL_OK;
}

#else

// Not x86-64: no kernels; callers use their portable path.
int qkd_clmul_available(void) { return 0; }

int qkd_gf2_multiply(const uint64_t *a, size_t na, const uint64_t *b, size_t nb, uint64_t *out,
                     qkd_cancel_check check, void *context) {
    (void)a; (void)na; (void)b; (void)nb; (void)out; (void)check; (void)context;
    return QKD_CLMUL_UNAVAILABLE;
}

int qkd_gf2_toeplitz(const uint64_t *seed, const uint64_t *key, size_t n, size_t m, uint64_t *y,
                     qkd_cancel_check check, void *context) {
    (void)seed; (void)key; (void)n; (void)m; (void)y; (void)check; (void)context;
    return QKD_CLMUL_UNAVAILABLE;
}

#endif
