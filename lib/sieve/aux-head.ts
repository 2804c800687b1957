/**
 * The auxiliary head: a small sequential network of its own (optional global average pooling,
 * flatten, optional hidden dense layers, logits) on the lower layers' features. Pooling keeps
 * what is true of the whole image (its colour) and drops where things are (its shape), so a
 * pooled head finds the simple, global features first — the ones the sieve should erase. Its parameters live beside the model's in one
 * record, under layer names the model cannot have (`sieve_aux...`), so one functional forward
 * and one training loop serve both.
 */
import type { RandomSource } from '../data/random.js';
import { initParams, paramInfos, type LayerSpec, type ModelSpec, type ParamArrays } from '../nn/index.js';

export const AUX_PREFIX = 'sieve_aux';

export interface AuxHeadOptions {
  featureShape: number[];
  /** Widths of hidden dense layers (ReLU); empty for a linear head. */
  hidden: number[];
  /**
   * Widths of 1×1 convolutions (ReLU) applied at every position before pooling: the head then
   * reads the bag of local feature vectors, not just each channel's mean. A pooled linear head
   * can be fooled by moving colour from the channels' means into their spatial pattern (equal
   * means, different strokes per colour), which the main network still reads; per-position
   * layers see that pattern, and still cannot see where things are (shape). Image features only.
   */
  local?: number[];
  numClasses: number;
  /** Average image features over height and width first (ignored for flat features). */
  pool: boolean;
  /**
   * Standardise each feature over the batch (batch norm) before the dense layers, so the forget
   * step cannot make the head uniform by merely shrinking or shifting the lower layers' outputs:
   * it has to remove the information.
   */
  normalize: boolean;
}

export function auxHeadSpec(o: AuxHeadOptions): ModelSpec {
  const layers: LayerSpec[] = [];
  const [h, w] = o.featureShape;
  const image = o.featureShape.length === 3;
  if (image) {
    (o.local ?? []).forEach((filters, i) => {
      layers.push({ type: 'conv2d', name: `${AUX_PREFIX}_local${i + 1}`, filters, kernel: [1, 1], stride: [1, 1], padding: 'valid' });
      layers.push({ type: 'activation', fn: 'relu' });
    });
  }
  if (o.pool && image) layers.push({ type: 'avgpool2d', size: [h!, w!], stride: [h!, w!], padding: 'valid' });
  if (o.featureShape.length > 1) layers.push({ type: 'flatten' });
  if (o.normalize) layers.push({ type: 'batchnorm', name: `${AUX_PREFIX}_norm` });
  o.hidden.forEach((units, i) => {
    layers.push({ type: 'dense', name: `${AUX_PREFIX}${i + 1}`, units });
    layers.push({ type: 'activation', fn: 'relu' });
  });
  layers.push({ type: 'dense', name: `${AUX_PREFIX}_out`, units: o.numClasses });
  return { type: 'sequential', inputShape: [...o.featureShape], layers };
}

/** Seeded initial parameters; throws if a name clashes with the main model's. */
export function initAuxHead(aux: ModelSpec, main: ModelSpec, rng: RandomSource): ParamArrays {
  const taken = new Set(paramInfos(main).map((p) => p.name));
  const clash = paramInfos(aux).find((p) => taken.has(p.name));
  if (clash) throw new Error(`the model already has a parameter '${clash.name}'; rename its layer (names starting '${AUX_PREFIX}' are the sieve's)`);
  return initParams(aux, rng);
}
