/**
 * The small conv backbone of a siamese network, as an ordinary sequential `ModelSpec` so the
 * nn machinery (forward, init, batch-norm statistics, shapes) serves it: per entry of `channels`
 * a same-padded conv (no bias: batch norm follows), batch norm, relu and a 2×2 max-pool, then a
 * global average pool and a flatten. Its output width is the last channel count.
 */
import type { LayerSpec, ModelSpec } from '../nn/spec.js';

export interface ConvnetOptions {
  /** [H, W, C] of one image. */
  inputShape: number[];
  channels: number[];
  kernel: number;
}

export function convnetSpec(o: ConvnetOptions): ModelSpec {
  const layers: LayerSpec[] = [];
  let [h, w] = [o.inputShape[0]!, o.inputShape[1]!];
  o.channels.forEach((filters, i) => {
    layers.push({ type: 'conv2d', name: `conv${i + 1}`, filters, kernel: [o.kernel, o.kernel], stride: [1, 1], padding: 'same', bias: false });
    layers.push({ type: 'batchnorm', name: `bn${i + 1}` });
    layers.push({ type: 'activation', fn: 'relu' });
    // Pool while the map is at least 2×2; the global pool below takes what is left.
    if (h >= 2 && w >= 2) {
      layers.push({ type: 'maxpool2d', size: [2, 2], stride: [2, 2], padding: 'valid' });
      [h, w] = [Math.floor(h / 2), Math.floor(w / 2)];
    }
  });
  layers.push({ type: 'avgpool2d', size: [h, w], stride: [h, w], padding: 'valid' });
  layers.push({ type: 'flatten' });
  return { type: 'sequential', inputShape: [...o.inputShape], layers };
}
