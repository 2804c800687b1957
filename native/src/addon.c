/*
 * N-API surface of the pipewright native backend. Every function takes views (typed arrays,
 * usually straight into the wasm heap) and writes its result in place, so no tensor data is
 * copied on the way in or out. Sizes are checked here, before any pointer is touched: a wrong
 * shape from JS must raise an exception, never corrupt the heap.
 */
#include <stdint.h>

#include <cblas.h>

#include "csr.h"
#include "kernels.h"
#include "napi-args.h"

/* Declared by OpenBLAS's cblas.h, repeated so another cblas.h on the include path still builds. */
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
char *openblas_get_config(void);
char *openblas_get_corename(void);

static bool fits(int64_t offset, int64_t count, size_t len) {
  return offset >= 0 && count >= 0 && offset + count <= (int64_t)len;
}

/* gemm(a, aOffsets, b, bOffsets, c, m, n, k, transA, transB) */
static napi_value gemm(napi_env env, napi_callback_info info) {
  pw_args a;
  float *A, *B, *C;
  int32_t *a_off, *b_off, m, n, k, ta, tb;
  size_t a_len, b_len, c_len, na, nb;
  if (!pw_args_get(env, info, "gemm", 10, &a) || !pw_arg_f32(&a, 0, false, &A, &a_len) ||
      !pw_arg_i32s(&a, 1, &a_off, &na) || !pw_arg_f32(&a, 2, false, &B, &b_len) ||
      !pw_arg_i32s(&a, 3, &b_off, &nb) || !pw_arg_f32(&a, 4, false, &C, &c_len) ||
      !pw_arg_int(&a, 5, &m) || !pw_arg_int(&a, 6, &n) || !pw_arg_int(&a, 7, &k) ||
      !pw_arg_int(&a, 8, &ta) || !pw_arg_int(&a, 9, &tb))
    return NULL;
  if (m < 0 || n < 0 || k < 0) return pw_range_error(&a, "negative dimension"), NULL;
  if (na != nb) return pw_range_error(&a, "offset arrays differ in length"), NULL;
  if (!fits(0, (int64_t)na * m * n, c_len)) return pw_range_error(&a, "output too small"), NULL;
  for (size_t i = 0; i < na; i++) {
    if (!fits(a_off[i], (int64_t)m * k, a_len) || !fits(b_off[i], (int64_t)k * n, b_len))
      return pw_range_error(&a, "operand offset out of range"), NULL;
  }
  pw_gemm_batched(ta, tb, m, n, k, A, a_off, B, b_off, C, (int)na);
  return NULL;
}

static bool channel_len_ok(size_t len, int n) { return len == 1 || len == (size_t)n; }

/* biasAct(c, rows, n, bias | null, activation, alpha, prelu | null) */
static napi_value bias_act(napi_env env, napi_callback_info info) {
  pw_args a;
  float *C, *bias, *prelu, alpha;
  int32_t rows, n, act;
  size_t c_len, bias_len, prelu_len;
  if (!pw_args_get(env, info, "biasAct", 7, &a) || !pw_arg_f32(&a, 0, false, &C, &c_len) ||
      !pw_arg_int(&a, 1, &rows) || !pw_arg_int(&a, 2, &n) ||
      !pw_arg_f32(&a, 3, true, &bias, &bias_len) || !pw_arg_int(&a, 4, &act) ||
      !pw_arg_float(&a, 5, &alpha) || !pw_arg_f32(&a, 6, true, &prelu, &prelu_len))
    return NULL;
  if (rows < 0 || n < 0 || !fits(0, (int64_t)rows * n, c_len))
    return pw_range_error(&a, "rows * n exceeds the output"), NULL;
  if (act < PW_LINEAR || act > PW_SIGMOID) return pw_range_error(&a, "unknown activation"), NULL;
  if (bias != NULL && !channel_len_ok(bias_len, n))
    return pw_range_error(&a, "bias must have 1 or n elements"), NULL;
  if (act == PW_PRELU && (prelu == NULL || !channel_len_ok(prelu_len, n)))
    return pw_range_error(&a, "prelu weights must have 1 or n elements"), NULL;
  pw_bias_act(C, rows, n, bias, (int)bias_len, act, alpha, prelu, (int)prelu_len);
  return NULL;
}

static bool read_geom(pw_args *a, size_t i, pw_conv_geom *g) {
  int32_t *p;
  size_t len;
  if (!pw_arg_i32s(a, i, &p, &len)) return false;
  if (len != PW_CONV_GEOM_FIELDS) return pw_range_error(a, "geometry must have 15 fields");
  int *dst = (int *)g;
  for (size_t j = 0; j < len; j++) dst[j] = p[j];
  if (g->batch < 0 || g->in_h < 0 || g->in_w < 0 || g->in_c < 0 || g->out_h < 0 ||
      g->out_w < 0 || g->out_c < 0 || g->f_h < 0 || g->f_w < 0)
    return pw_range_error(a, "negative size in geometry");
  if (g->stride_h < 1 || g->stride_w < 1 || g->dil_h < 1 || g->dil_w < 1)
    return pw_range_error(a, "strides and dilations must be >= 1");
  return true;
}

typedef enum { CONV_FORWARD, CONV_BACKPROP_INPUT, CONV_BACKPROP_FILTER, MAX_POOL_GRAD } conv_kind;

/* Arguments (p, q, out, geometry); which tensor each view is depends on the kind (max-pool grad:
 * x, dy, dx with the pooling window as the filter). */
static napi_value conv(napi_env env, napi_callback_info info, conv_kind kind, const char *fn) {
  pw_args a;
  pw_conv_geom g;
  float *p, *q, *out;
  size_t p_len, q_len, out_len;
  if (!pw_args_get(env, info, fn, 4, &a) || !pw_arg_f32(&a, 0, false, &p, &p_len) ||
      !pw_arg_f32(&a, 1, false, &q, &q_len) || !pw_arg_f32(&a, 2, false, &out, &out_len) ||
      !read_geom(&a, 3, &g))
    return NULL;
  const int64_t x_len = (int64_t)g.batch * g.in_h * g.in_w * g.in_c;
  const int64_t w_len = (int64_t)g.f_h * g.f_w * g.in_c * g.out_c;
  const int64_t y_len = (int64_t)g.batch * g.out_h * g.out_w * g.out_c;
  const int64_t need[4][3] = {
      {x_len, w_len, y_len}, {y_len, w_len, x_len}, {x_len, y_len, w_len}, {x_len, y_len, x_len}};
  if (kind == MAX_POOL_GRAD && g.out_c != g.in_c)
    return pw_range_error(&a, "pooling keeps the channel count"), NULL;
  if (!fits(0, need[kind][0], p_len) || !fits(0, need[kind][1], q_len) ||
      !fits(0, need[kind][2], out_len))
    return pw_range_error(&a, "a buffer is smaller than the geometry needs"), NULL;
  int rc = kind == CONV_FORWARD           ? pw_conv2d(&g, p, q, out)
           : kind == CONV_BACKPROP_INPUT ? pw_conv2d_backprop_input(&g, p, q, out)
           : kind == CONV_BACKPROP_FILTER ? pw_conv2d_backprop_filter(&g, p, q, out)
                                          : pw_max_pool_grad(&g, p, q, out);
  if (rc != 0) napi_throw_error(env, "ENOMEM", "native: cannot allocate scratch memory");
  return NULL;
}

static napi_value conv2d(napi_env env, napi_callback_info info) {
  return conv(env, info, CONV_FORWARD, "conv2d");
}
static napi_value conv2d_bi(napi_env env, napi_callback_info info) {
  return conv(env, info, CONV_BACKPROP_INPUT, "conv2dBackpropInput");
}
static napi_value conv2d_bf(napi_env env, napi_callback_info info) {
  return conv(env, info, CONV_BACKPROP_FILTER, "conv2dBackpropFilter");
}

static napi_value max_pool_grad(napi_env env, napi_callback_info info) {
  return conv(env, info, MAX_POOL_GRAD, "maxPoolGrad");
}

static napi_value set_num_threads(napi_env env, napi_callback_info info) {
  pw_args a;
  int32_t n;
  if (!pw_args_get(env, info, "setNumThreads", 1, &a) || !pw_arg_int(&a, 0, &n)) return NULL;
  if (n < 1) return pw_range_error(&a, "thread count must be >= 1"), NULL;
  openblas_set_num_threads(n);
  return NULL;
}

static napi_value blas_info(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value obj, config, core, threads;
  napi_create_object(env, &obj);
  napi_create_string_utf8(env, openblas_get_config(), NAPI_AUTO_LENGTH, &config);
  napi_create_string_utf8(env, openblas_get_corename(), NAPI_AUTO_LENGTH, &core);
  napi_create_int32(env, openblas_get_num_threads(), &threads);
  napi_set_named_property(env, obj, "config", config);
  napi_set_named_property(env, obj, "corename", core);
  napi_set_named_property(env, obj, "threads", threads);
  return obj;
}

NAPI_MODULE_INIT() {
  const napi_property_descriptor props[] = {
      {"gemm", NULL, gemm, NULL, NULL, NULL, napi_default, NULL},
      {"biasAct", NULL, bias_act, NULL, NULL, NULL, napi_default, NULL},
      {"conv2d", NULL, conv2d, NULL, NULL, NULL, napi_default, NULL},
      {"conv2dBackpropInput", NULL, conv2d_bi, NULL, NULL, NULL, napi_default, NULL},
      {"conv2dBackpropFilter", NULL, conv2d_bf, NULL, NULL, NULL, napi_default, NULL},
      {"maxPoolGrad", NULL, max_pool_grad, NULL, NULL, NULL, napi_default, NULL},
      {"setNumThreads", NULL, set_num_threads, NULL, NULL, NULL, napi_default, NULL},
      {"blasInfo", NULL, blas_info, NULL, NULL, NULL, napi_default, NULL},
      {"csrMatMul", NULL, pw_csr_matmul_napi, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}
