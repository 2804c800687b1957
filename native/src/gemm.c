#include <math.h>
#include <string.h>

#include <cblas.h>

#include "kernels.h"

void pw_gemm_batched(int trans_a, int trans_b, int m, int n, int k, const float *a,
                     const int32_t *a_off, const float *b, const int32_t *b_off, float *c,
                     int batch) {
  if (m == 0 || n == 0) return;
  if (k == 0) {
    /* An empty sum; BLAS would reject the zero leading dimension. */
    memset(c, 0, sizeof(float) * (size_t)batch * (size_t)m * (size_t)n);
    return;
  }
  const int lda = trans_a ? m : k;
  const int ldb = trans_b ? k : n;
  for (int i = 0; i < batch; i++) {
    cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
                trans_b ? CblasTrans : CblasNoTrans, m, n, k, 1.0f, a + a_off[i], lda,
                b + b_off[i], ldb, 0.0f, c + (size_t)i * m * n, n);
  }
}

static inline float activate(float v, int act, float alpha, float prelu_w) {
  switch (act) {
    case PW_RELU: return v > 0.0f ? v : 0.0f;
    case PW_RELU6: return v < 0.0f ? 0.0f : (v > 6.0f ? 6.0f : v);
    case PW_ELU: return v > 0.0f ? v : expm1f(v);
    case PW_LEAKYRELU: return v < 0.0f ? alpha * v : v;
    case PW_PRELU: return v < 0.0f ? prelu_w * v : v;
    case PW_SIGMOID: return 1.0f / (1.0f + expf(-v));
    default: return v;
  }
}

void pw_bias_act(float *c, int64_t rows, int n, const float *bias, int bias_len, int act,
                 float alpha, const float *prelu, int prelu_len) {
  for (int64_t r = 0; r < rows; r++) {
    float *row = c + r * n;
    for (int j = 0; j < n; j++) {
      float v = row[j];
      if (bias != NULL) v += bias[bias_len == 1 ? 0 : j];
      const float pw = prelu != NULL ? prelu[prelu_len == 1 ? 0 : j] : 0.0f;
      row[j] = activate(v, act, alpha, pw);
    }
  }
}
