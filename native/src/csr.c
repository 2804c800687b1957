/*
 * CSR x dense product for sparse inference, the native twin of lib/sparse/wasm-spmm.ts:
 *
 *   out[r, :] = sum over k in row r of values[k] * B[col[k], :]     B, out: [., n], n the batch
 *
 * Same layout and reasons as the wasm kernel: the batch is contiguous, so one nonzero scales
 * a contiguous run of a B row (vector lanes = examples, weight broadcast once); a row is
 * computed 64 columns at a time in 8 eight-float accumulators (GCC vector extensions, kept in
 * registers: 8 of AVX2's 16 ymm), then 8 columns at a time, then a scalar tail. No FMA
 * (-std=c11 turns fp contraction off), so the results round as the wasm kernel's do.
 *
 * target_clones builds an AVX2 and a baseline (SSE2 on x86-64) version and picks one at load
 * time, so the addon still runs on a CPU without AVX2 and the build needs no -march flag.
 */
#include <stdint.h>

#include "csr.h"

typedef float v8f __attribute__((vector_size(32)));
/* The same vector at 4-byte alignment, allowed to alias floats: an unaligned load/store of 8
 * floats straight from B or into out (a macro, not a helper, so no vector crosses a call). */
typedef float v8f_u __attribute__((vector_size(32), aligned(4), may_alias));
#define AT(p) (*(v8f_u *)(p))

/* ifunc-based clones need GCC (or clang) on x86-64 ELF; elsewhere, one baseline build. */
#if defined(__x86_64__) && defined(__ELF__) && (defined(__GNUC__) || defined(__clang__))
#define PW_AVX2_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define PW_AVX2_CLONES
#endif

PW_AVX2_CLONES
void pw_csr_spmm(const int32_t *row_ptr, const int32_t *col, const float *val, const float *b,
                 float *out, int rows, int n) {
  for (int r = 0; r < rows; r++) {
    const int32_t k0 = row_ptr[r], k1 = row_ptr[r + 1];
    float *o = out + (int64_t)r * n;
    int j = 0;
    for (; j + 64 <= n; j += 64) {
      v8f a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0}, a4 = {0}, a5 = {0}, a6 = {0}, a7 = {0};
      for (int32_t k = k0; k < k1; k++) {
        const float v = val[k];
        const float *p = b + (int64_t)col[k] * n + j;
        a0 += v * AT(p);
        a1 += v * AT(p + 8);
        a2 += v * AT(p + 16);
        a3 += v * AT(p + 24);
        a4 += v * AT(p + 32);
        a5 += v * AT(p + 40);
        a6 += v * AT(p + 48);
        a7 += v * AT(p + 56);
      }
      AT(o + j) = a0;
      AT(o + j + 8) = a1;
      AT(o + j + 16) = a2;
      AT(o + j + 24) = a3;
      AT(o + j + 32) = a4;
      AT(o + j + 40) = a5;
      AT(o + j + 48) = a6;
      AT(o + j + 56) = a7;
    }
    for (; j + 8 <= n; j += 8) {
      v8f a = {0};
      for (int32_t k = k0; k < k1; k++) a += val[k] * AT(b + (int64_t)col[k] * n + j);
      AT(o + j) = a;
    }
    for (; j < n; j++) {
      float a = 0;
      for (int32_t k = k0; k < k1; k++) a += val[k] * b[(int64_t)col[k] * n + j];
      o[j] = a;
    }
  }
}
