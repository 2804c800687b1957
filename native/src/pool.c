/*
 * MaxPool gradient: each output pixel's gradient goes to the first maximum of its window (in
 * row-major tap order, as tfjs's cpu backend picks it). Channels are the inner loop so every
 * tap reads one contiguous run of the NHWC input.
 */
#include <stdlib.h>
#include <string.h>

#include "kernels.h"

int pw_max_pool_grad(const pw_conv_geom *g, const float *x, const float *dy, float *dx) {
  const size_t ch = (size_t)g->in_c;
  const size_t dx_len = (size_t)g->batch * g->in_h * g->in_w * ch;
  if (dx_len == 0) return 0;
  memset(dx, 0, sizeof(float) * dx_len);
  if (ch == 0) return 0;
  float *best = malloc(sizeof(float) * ch);
  size_t *at = malloc(sizeof(size_t) * ch);
  if (best == NULL || at == NULL) {
    free(best);
    free(at);
    return -1;
  }
  for (int b = 0; b < g->batch; b++) {
    for (int oy = 0; oy < g->out_h; oy++) {
      for (int ox = 0; ox < g->out_w; ox++) {
        int seen = 0;
        for (int ky = 0; ky < g->f_h; ky++) {
          const int iy = oy * g->stride_h - g->pad_top + ky * g->dil_h;
          if (iy < 0 || iy >= g->in_h) continue;
          for (int kx = 0; kx < g->f_w; kx++) {
            const int ix = ox * g->stride_w - g->pad_left + kx * g->dil_w;
            if (ix < 0 || ix >= g->in_w) continue;
            const size_t base = (((size_t)b * g->in_h + iy) * g->in_w + ix) * ch;
            const float *px = x + base;
            if (!seen) {
              for (size_t c = 0; c < ch; c++) {
                best[c] = px[c];
                at[c] = base + c;
              }
              seen = 1;
              continue;
            }
            for (size_t c = 0; c < ch; c++) {
              const int better = px[c] > best[c];
              best[c] = better ? px[c] : best[c];
              at[c] = better ? base + c : at[c];
            }
          }
        }
        if (!seen) continue; /* a window wholly in the padding */
        const float *g_out = dy + (((size_t)b * g->out_h + oy) * g->out_w + ox) * ch;
        for (size_t c = 0; c < ch; c++) dx[at[c]] += g_out[c];
      }
    }
  }
  free(best);
  free(at);
  return 0;
}
