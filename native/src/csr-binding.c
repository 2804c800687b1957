/*
 * N-API entry of the CSR product. A malformed matrix from JS must raise, never read outside
 * its buffers, so the row pointers and every column index are checked before the kernel runs:
 * O(rows + nnz) against the kernel's O(nnz * n).
 */
#include "csr.h"
#include "napi-args.h"

napi_value pw_csr_matmul_napi(napi_env env, napi_callback_info info) {
  pw_args a;
  int32_t *row_ptr, *col, rows, n;
  float *val, *b, *out;
  size_t rp_len, col_len, val_len, b_len, out_len;
  if (!pw_args_get(env, info, "csrMatMul", 7, &a) || !pw_arg_i32s(&a, 0, &row_ptr, &rp_len) ||
      !pw_arg_i32s(&a, 1, &col, &col_len) || !pw_arg_f32(&a, 2, false, &val, &val_len) ||
      !pw_arg_f32(&a, 3, false, &b, &b_len) || !pw_arg_f32(&a, 4, false, &out, &out_len) ||
      !pw_arg_int(&a, 5, &rows) || !pw_arg_int(&a, 6, &n))
    return NULL;
  if (rows < 0 || n < 1) return pw_range_error(&a, "rows must be >= 0 and n >= 1"), NULL;
  if (rp_len != (size_t)rows + 1) return pw_range_error(&a, "rowPtr must have rows + 1 entries"), NULL;
  if (col_len != val_len) return pw_range_error(&a, "colIdx and values differ in length"), NULL;
  if (b_len % (size_t)n != 0) return pw_range_error(&a, "b is not [cols, n]"), NULL;
  if (out_len != (size_t)rows * (size_t)n) return pw_range_error(&a, "out is not [rows, n]"), NULL;
  const int64_t cols = (int64_t)(b_len / (size_t)n);
  if (row_ptr[0] != 0) return pw_range_error(&a, "rowPtr[0] must be 0"), NULL;
  for (int32_t r = 0; r < rows; r++) {
    if (row_ptr[r + 1] < row_ptr[r] || (size_t)row_ptr[r + 1] > col_len)
      return pw_range_error(&a, "rowPtr must be non-decreasing and within colIdx"), NULL;
  }
  for (int32_t k = 0; k < row_ptr[rows]; k++) {
    if (col[k] < 0 || col[k] >= cols) return pw_range_error(&a, "column index out of range"), NULL;
  }
  pw_csr_spmm(row_ptr, col, val, b, out, rows, n);
  return NULL;
}
