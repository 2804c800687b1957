/*
 * Sparse inference in the addon: the CSR x dense product (csr.c) and its N-API entry
 * (csr-binding.c), registered by addon.c as `csrMatMul`.
 */
#ifndef PIPEWRIGHT_CSR_H
#define PIPEWRIGHT_CSR_H

#include <stdint.h>

#include <node_api.h>

/* out [rows, n] = A x B for A in CSR (row_ptr: rows + 1 offsets into col/val), B [cols, n]
 * row-major. Indices are trusted: the binding checks them. */
void pw_csr_spmm(const int32_t *row_ptr, const int32_t *col, const float *val, const float *b,
                 float *out, int rows, int n);

/* csrMatMul(rowPtr, colIdx, values, b, out, rows, n): checks every index, then pw_csr_spmm. */
napi_value pw_csr_matmul_napi(napi_env env, napi_callback_info info);

#endif
