/**
 * The functional U-Net forward (spec.ts): parameters come in as a record, as in lib/nn, so
 * training passes variables, inference tensors, gradient checks perturbed copies alike.
 */
import * as tf from '@tensorflow/tfjs';
import { paramsToTensors, type ParamTensors } from '../nn/model.js';
import { convSame, upConv } from './conv.js';
import { odeBlock, type OdeBlockOptions } from './ode-block.js';
import { plainBlock } from './plain-block.js';
import { checkSegModel, sizeMultiple, type SegModel, type UNetSpec } from './spec.js';

export type UNetForwardOptions = OdeBlockOptions;

function block(s: UNetSpec, p: ParamTensors, prefix: string, x: tf.Tensor4D, o: UNetForwardOptions): tf.Tensor4D {
  return s.block === 'ode' ? odeBlock(s, p, prefix, x, o) : plainBlock(s, p, prefix, x);
}

/** Throws a clear error when x cannot go through the network. */
export function checkInput(s: UNetSpec, shape: readonly number[]): void {
  const [, h, w, c] = shape;
  if (shape.length !== 4) throw new Error(`a U-Net reads [n, h, w, c] images, got rank ${shape.length}`);
  if (c !== s.inputChannels) throw new Error(`the model reads ${s.inputChannels}-channel images, got ${c}`);
  const m = sizeMultiple(s);
  if (h! % m !== 0 || w! % m !== 0) throw new Error(`a ${s.levels}-level U-Net needs sides that are multiples of ${m}, got ${h}×${w}`);
}

/**
 * Logits [n, h, w, 1] of x [n, h, w, c]. Each level's work runs in its own tidy that keeps only
 * the level's output, so inference holds the skips and the current level, not every
 * intermediate (gradients keep what they need on the tape).
 */
export function unetForward(s: UNetSpec, p: ParamTensors, x: tf.Tensor4D, o: UNetForwardOptions = {}): tf.Tensor4D {
  checkInput(s, x.shape);
  const skips: tf.Tensor4D[] = [];
  try {
    let z = x;
    for (let i = 0; i < s.levels; i++) {
      const input = z;
      z = tf.tidy(() => block(s, p, `enc${i}`, i === 0 ? input : (tf.maxPool(input, 2, 2, 'valid') as tf.Tensor4D), o));
      skips.push(z);
    }
    for (let i = s.levels - 2; i >= 0; i--) {
      const below = z;
      z = tf.tidy(() => block(s, p, `dec${i}`, tf.concat([upConv(p, `up${i}`, below), skips[i]!], 3) as tf.Tensor4D, o));
      if (i < s.levels - 2) below.dispose();
    }
    const features = z;
    const out = tf.tidy(() => convSame(p, 'head', features));
    if (s.levels > 1) features.dispose();
    return out;
  } finally {
    tf.dispose(skips);
  }
}

/**
 * Inference: logits [n, h, w, 1] of x (NHWC; h and w multiples of 2^(levels−1)). The caller
 * tiles large images and disposes the result.
 */
export function segmentationLogits(model: SegModel, x: tf.Tensor4D): tf.Tensor4D {
  const predictor = segmentationPredictor(model);
  try {
    return predictor.logits(x);
  } finally {
    predictor.dispose();
  }
}

export interface SegPredictor {
  logits(x: tf.Tensor4D): tf.Tensor4D;
  /** Frees the parameter tensors. */
  dispose(): void;
}

/** The parameters uploaded once, for many tiles; dispose when done. */
export function segmentationPredictor(model: SegModel): SegPredictor {
  checkSegModel(model);
  const p = paramsToTensors(model.params);
  return {
    logits: (x) => unetForward(model.arch, p, x),
    dispose: () => tf.dispose(Object.values(p)),
  };
}
