/**
 * Which parameters sparsity acts on: the kernels of dense and conv2d layers (biases and
 * normalisation parameters stay dense; they are few and pruning them buys nothing). Each target
 * carries the dimensions the ERK allocation and the FLOP counts need.
 */
import { OptionValueError, paramInfos, type ModelSpec } from '../nn/index.js';

export interface PruneTarget {
  /** Parameter name, `<layer>/kernel`. */
  name: string;
  layer: string;
  layerIndex: number;
  type: 'dense' | 'conv2d';
  /** [in, out] for dense, [kh, kw, inC, outC] for conv2d. */
  shape: number[];
  size: number;
}

/**
 * The kernels to sparsify: every dense/conv2d kernel, or those of the named layers. An unknown
 * or unprunable name throws OptionValueError with its index in `layers`.
 */
export function pruneTargets(spec: ModelSpec, layers?: string[]): PruneTarget[] {
  const all: PruneTarget[] = [];
  for (const p of paramInfos(spec)) {
    const l = spec.layers[p.layer]!;
    if (p.role !== 'kernel' || (l.type !== 'dense' && l.type !== 'conv2d')) continue;
    all.push({ name: p.name, layer: l.name, layerIndex: p.layer, type: l.type, shape: p.shape, size: p.shape.reduce((a, b) => a * b, 1) });
  }
  if (!layers) return all;
  return layers.map((name, i) => {
    const t = all.find((x) => x.layer === name);
    if (!t) {
      const known = all.map((x) => x.layer).join(', ');
      throw new OptionValueError(`the model has no dense or conv2d layer '${name}'`, [i], `layers with weights: ${known}`);
    }
    return t;
  });
}

export const totalSize = (targets: PruneTarget[]): number => targets.reduce((a, t) => a + t.size, 0);
