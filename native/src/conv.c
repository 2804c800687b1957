/*
 * Convolutions as GEMMs: im2col turns each output pixel's receptive field into one row, so the
 * forward pass and both backprops are single sgemm calls per chunk of rows. Rows are processed
 * in chunks so the scratch matrix stays bounded whatever the batch.
 */
#include <stdlib.h>
#include <string.h>

#include <cblas.h>

#include "kernels.h"

/* 16 MiB of scratch: big enough that sgemm runs at full speed, small enough for any machine. */
#define SCRATCH_FLOATS ((size_t)1 << 22)

static size_t patch_len(const pw_conv_geom *g) { return (size_t)g->f_h * g->f_w * g->in_c; }

static size_t out_rows(const pw_conv_geom *g) {
  return (size_t)g->batch * g->out_h * g->out_w;
}

/* A 1x1, stride-1, unpadded conv reads the input as the im2col matrix itself. */
static int is_pointwise(const pw_conv_geom *g) {
  return g->f_h == 1 && g->f_w == 1 && g->stride_h == 1 && g->stride_w == 1 &&
         g->pad_top == 0 && g->pad_left == 0 && g->out_h == g->in_h && g->out_w == g->in_w;
}

static size_t chunk_rows(size_t rows, size_t kd) {
  size_t chunk = SCRATCH_FLOATS / (kd ? kd : 1);
  if (chunk < 1) chunk = 1;
  return chunk < rows ? chunk : rows;
}

/*
 * Visits, for every row in [r0, r0+nr) and every filter row ky, the runs of taps whose input
 * pixels are contiguous: with dilation 1 a whole filter row is one run of f_w * in_c floats in
 * both the image and the im2col row. BODY sees `col_at`, `img_at`, `len` and `inside` (a run
 * outside the image is padding). Runs make the copies long even for one input channel.
 */
#define FOR_EACH_RUN(g, r0, nr, BODY)                                                       \
  do {                                                                                      \
    const size_t kd_ = patch_len(g), ic_ = (size_t)(g)->in_c;                               \
    const size_t per_image_ = (size_t)(g)->out_h * (g)->out_w;                              \
    for (size_t r = 0; r < (nr); r++) {                                                     \
      const size_t row = (r0) + r, b = row / per_image_, rem = row % per_image_;            \
      const int oy = (int)(rem / (g)->out_w), ox = (int)(rem % (g)->out_w);                 \
      const int ix0 = ox * (g)->stride_w - (g)->pad_left;                                   \
      const int whole_row = (g)->dil_w == 1 && ix0 >= 0 && ix0 + (g)->f_w <= (g)->in_w;     \
      for (int ky = 0; ky < (g)->f_h; ky++) {                                               \
        const int iy = oy * (g)->stride_h - (g)->pad_top + ky * (g)->dil_h;                 \
        const int row_inside = iy >= 0 && iy < (g)->in_h;                                   \
        const size_t img_row = (b * (g)->in_h + (size_t)(row_inside ? iy : 0)) * (g)->in_w; \
        const size_t col_row = r * kd_ + (size_t)ky * (g)->f_w * ic_;                       \
        if (whole_row || !row_inside) {                                                     \
          const size_t col_at = col_row, len = (size_t)(g)->f_w * ic_;                      \
          const size_t img_at = (img_row + (size_t)(whole_row ? ix0 : 0)) * ic_;            \
          const int inside = row_inside;                                                    \
          BODY                                                                              \
          continue;                                                                         \
        }                                                                                   \
        for (int kx = 0; kx < (g)->f_w; kx++) {                                             \
          const int ix = ix0 + kx * (g)->dil_w;                                             \
          const int inside = ix >= 0 && ix < (g)->in_w;                                     \
          const size_t col_at = col_row + (size_t)kx * ic_, len = ic_;                      \
          const size_t img_at = (img_row + (size_t)(inside ? ix : 0)) * ic_;                \
          BODY                                                                              \
        }                                                                                   \
      }                                                                                     \
    }                                                                                       \
  } while (0)

static void im2col(const pw_conv_geom *g, const float *x, size_t r0, size_t nr, float *col) {
  FOR_EACH_RUN(g, r0, nr, {
    float *dst = col + col_at;
    const float *src = x + img_at;
    if (inside) for (size_t i = 0; i < len; i++) dst[i] = src[i];
    else for (size_t i = 0; i < len; i++) dst[i] = 0.0f;
  });
}

static void col2im_add(const pw_conv_geom *g, const float *col, size_t r0, size_t nr, float *dx) {
  FOR_EACH_RUN(g, r0, nr, {
    if (inside) {
      float *dst = dx + img_at;
      const float *src = col + col_at;
      for (size_t i = 0; i < len; i++) dst[i] += src[i];
    }
  });
}

static void sgemm(int ta, int tb, size_t m, size_t n, size_t k, const float *a, size_t lda,
                  const float *b, size_t ldb, float beta, float *c, size_t ldc) {
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
              (int)m, (int)n, (int)k, 1.0f, a, (int)lda, b, (int)ldb, beta, c, (int)ldc);
}

int pw_conv2d(const pw_conv_geom *g, const float *x, const float *w, float *y) {
  const size_t rows = out_rows(g), kd = patch_len(g), oc = (size_t)g->out_c;
  if (rows == 0 || oc == 0) return 0;
  if (kd == 0) {
    memset(y, 0, sizeof(float) * rows * oc);
    return 0;
  }
  if (is_pointwise(g)) {
    sgemm(0, 0, rows, oc, kd, x, kd, w, oc, 0.0f, y, oc);
    return 0;
  }
  const size_t chunk = chunk_rows(rows, kd);
  float *col = malloc(sizeof(float) * chunk * kd);
  if (col == NULL) return -1;
  for (size_t r0 = 0; r0 < rows; r0 += chunk) {
    const size_t nr = rows - r0 < chunk ? rows - r0 : chunk;
    im2col(g, x, r0, nr, col);
    sgemm(0, 0, nr, oc, kd, col, kd, w, oc, 0.0f, y + r0 * oc, oc);
  }
  free(col);
  return 0;
}

int pw_conv2d_backprop_input(const pw_conv_geom *g, const float *dy, const float *w, float *dx) {
  const size_t rows = out_rows(g), kd = patch_len(g), oc = (size_t)g->out_c;
  const size_t dx_len = (size_t)g->batch * g->in_h * g->in_w * g->in_c;
  if (dx_len == 0) return 0;
  memset(dx, 0, sizeof(float) * dx_len);
  if (rows == 0 || oc == 0) return 0;
  if (is_pointwise(g)) {
    sgemm(0, 1, rows, kd, oc, dy, oc, w, oc, 0.0f, dx, kd);
    return 0;
  }
  const size_t chunk = chunk_rows(rows, kd);
  float *col = malloc(sizeof(float) * chunk * kd);
  if (col == NULL) return -1;
  for (size_t r0 = 0; r0 < rows; r0 += chunk) {
    const size_t nr = rows - r0 < chunk ? rows - r0 : chunk;
    sgemm(0, 1, nr, kd, oc, dy + r0 * oc, oc, w, oc, 0.0f, col, kd);
    col2im_add(g, col, r0, nr, dx);
  }
  free(col);
  return 0;
}

int pw_conv2d_backprop_filter(const pw_conv_geom *g, const float *x, const float *dy, float *dw) {
  const size_t rows = out_rows(g), kd = patch_len(g), oc = (size_t)g->out_c;
  if (kd == 0 || oc == 0) return 0;
  if (rows == 0) {
    memset(dw, 0, sizeof(float) * kd * oc);
    return 0;
  }
  if (is_pointwise(g)) {
    sgemm(1, 0, kd, oc, rows, x, kd, dy, oc, 0.0f, dw, oc);
    return 0;
  }
  const size_t chunk = chunk_rows(rows, kd);
  float *col = malloc(sizeof(float) * chunk * kd);
  if (col == NULL) return -1;
  for (size_t r0 = 0; r0 < rows; r0 += chunk) {
    const size_t nr = rows - r0 < chunk ? rows - r0 : chunk;
    im2col(g, x, r0, nr, col);
    sgemm(1, 0, kd, oc, nr, col, kd, dy + r0 * oc, oc, r0 == 0 ? 0.0f : 1.0f, dw, oc);
  }
  free(col);
  return 0;
}
