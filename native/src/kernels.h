/*
 * Pure C numerics of the addon (no N-API here): row-major float32 GEMM over OpenBLAS and the
 * im2col convolutions built on it. Shapes follow tfjs: NHWC activations, HWIO filters.
 */
#ifndef PIPEWRIGHT_KERNELS_H
#define PIPEWRIGHT_KERNELS_H

#include <stdint.h>

/* Epilogue activations, numbered as plugins/backends/native/activation.ts numbers them. */
enum pw_activation {
  PW_LINEAR = 0,
  PW_RELU = 1,
  PW_RELU6 = 2,
  PW_ELU = 3,
  PW_LEAKYRELU = 4,
  PW_PRELU = 5,
  PW_SIGMOID = 6
};

/* C[i] = op(A[a_off[i]]) x op(B[b_off[i]]) for i < batch; C blocks are contiguous m*n. */
void pw_gemm_batched(int trans_a, int trans_b, int m, int n, int k, const float *a,
                     const int32_t *a_off, const float *b, const int32_t *b_off, float *c,
                     int batch);

/*
 * In place over C [rows, n]: add bias (length n or 1, may be NULL), then the activation.
 * prelu weights have length n or 1.
 */
void pw_bias_act(float *c, int64_t rows, int n, const float *bias, int bias_len, int act,
                 float alpha, const float *prelu, int prelu_len);

typedef struct {
  int batch, in_h, in_w, in_c;
  int out_h, out_w, out_c;
  int f_h, f_w;
  int stride_h, stride_w, dil_h, dil_w;
  int pad_top, pad_left;
} pw_conv_geom;

#define PW_CONV_GEOM_FIELDS 15

/* Each returns 0, or -1 when the scratch buffer cannot be allocated. */
int pw_conv2d(const pw_conv_geom *g, const float *x, const float *w, float *y);
int pw_conv2d_backprop_input(const pw_conv_geom *g, const float *dy, const float *w, float *dx);
int pw_conv2d_backprop_filter(const pw_conv_geom *g, const float *x, const float *dy, float *dw);
/* MaxPool's input gradient; the geometry's out_c equals in_c and f_h/f_w are the window. */
int pw_max_pool_grad(const pw_conv_geom *g, const float *x, const float *dy, float *dx);

#endif
