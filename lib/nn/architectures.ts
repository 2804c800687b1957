/** Builders for the common sequential architectures (the `model mlp` / `model cnn` stages). */
import type { Activation, LayerSpec, ModelSpec, Padding } from './spec.js';

export interface MlpOptions {
  /** Shape of one example; flattened first when it has more than one axis. */
  inputShape: number[];
  /** Widths after the input: hidden layers, then the output layer (logits). */
  units: number[];
  activation: Activation;
  /** Dropout after each hidden activation; 0 for none. */
  dropout: number;
}

export function mlpSpec(o: MlpOptions): ModelSpec {
  const layers: LayerSpec[] = o.inputShape.length > 1 ? [{ type: 'flatten' }] : [];
  o.units.forEach((units, i) => {
    layers.push({ type: 'dense', name: `dense${i + 1}`, units });
    if (i === o.units.length - 1) return;
    layers.push({ type: 'activation', fn: o.activation });
    if (o.dropout > 0) layers.push({ type: 'dropout', rate: o.dropout });
  });
  return { type: 'sequential', inputShape: [...o.inputShape], layers };
}

export interface CnnOptions {
  /** [height, width, channels] */
  inputShape: number[];
  /** One conv → activation → pool block per entry, with that many filters. */
  channels: number[];
  kernel: number;
  /** Pool window and stride; 1 skips pooling. */
  pool: number;
  /** Width of the hidden dense layer; 0 for none. */
  dense: number;
  numClasses: number;
  activation: Activation;
  padding: Padding;
  dropout: number;
  /**
   * Width of a stem before the conv blocks: a 1×1 convolution (it mixes the input channels at
   * each pixel and sees no shape), batch norm, activation; 0 or absent for none.
   */
  stem?: number;
}

export function cnnSpec(o: CnnOptions): ModelSpec {
  const layers: LayerSpec[] = [];
  if (o.stem) {
    layers.push({ type: 'conv2d', name: 'stem', filters: o.stem, kernel: [1, 1], stride: [1, 1], padding: 'same' });
    layers.push({ type: 'batchnorm', name: 'stem_bn' });
    layers.push({ type: 'activation', fn: o.activation });
  }
  o.channels.forEach((filters, i) => {
    layers.push({ type: 'conv2d', name: `conv${i + 1}`, filters, kernel: [o.kernel, o.kernel], stride: [1, 1], padding: o.padding });
    layers.push({ type: 'activation', fn: o.activation });
    if (o.pool > 1) layers.push({ type: 'maxpool2d', size: [o.pool, o.pool], stride: [o.pool, o.pool], padding: 'valid' });
  });
  layers.push({ type: 'flatten' });
  if (o.dense > 0) {
    layers.push({ type: 'dense', name: 'dense1', units: o.dense });
    layers.push({ type: 'activation', fn: o.activation });
    if (o.dropout > 0) layers.push({ type: 'dropout', rate: o.dropout });
  }
  layers.push({ type: 'dense', name: o.dense > 0 ? 'dense2' : 'dense1', units: o.numClasses });
  return { type: 'sequential', inputShape: [...o.inputShape], layers };
}
