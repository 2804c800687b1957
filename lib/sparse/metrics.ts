/**
 * What a sparse model costs: sparsity overall and per layer (over the prunable kernels),
 * nonzero parameters (every trainable parameter, biases included), and the multiply-add FLOPs
 * of one example's forward pass, dense and counting only nonzero weights. A weight counts as
 * pruned when its mask says so or when it is exactly 0.
 *
 * Pruned parameter efficiency: the survey (Hoefler et al. 2021) proposes a metric of how much
 * of the dense model's quality the kept parameters carry, as a baseline to compare sparse
 * networks. We report it as accuracy retained per parameter fraction kept, (acc_sparse / acc_dense) · (n_total / n_nonzero): 1 means pruning
 * bought nothing, 10 means a tenth of the parameters keep all the accuracy. It needs the dense
 * accuracy, so it is reported only where that is known.
 */
import { layerShapes, paramInfos, type Model } from '../nn/index.js';
import { pruneTargets } from './targets.js';

export interface SparsityStats {
  /** Zero fraction over the prunable kernels. */
  sparsity: number;
  perLayer: Record<string, number>;
  paramsTotal: number;
  paramsNonzero: number;
  flopsDense: number;
  flopsSparse: number;
}

function nonzeros(model: Model, name: string): number {
  const d = model.params[name]!.data;
  const m = model.masks?.[name];
  let n = 0;
  for (let i = 0; i < d.length; i++) if (d[i] !== 0 && (!m || m[i])) n++;
  return n;
}

export function sparsityStats(model: Model): SparsityStats {
  const targets = pruneTargets(model.arch);
  const shapes = layerShapes(model.arch);
  const perLayer: Record<string, number> = {};
  let zeros = 0;
  let size = 0;
  let flopsDense = 0;
  let flopsSparse = 0;
  for (const t of targets) {
    const nz = nonzeros(model, t.name);
    perLayer[t.layer] = 1 - nz / t.size;
    zeros += t.size - nz;
    size += t.size;
    // Each weight is used once per output position (conv) or once (dense): 2 FLOPs per use.
    const out = shapes[t.layerIndex + 1]!;
    const positions = t.type === 'conv2d' ? out[0]! * out[1]! : 1;
    flopsDense += 2 * t.size * positions;
    flopsSparse += 2 * nz * positions;
  }
  let paramsTotal = 0;
  let paramsNonzero = 0;
  for (const p of paramInfos(model.arch)) {
    if (!p.trainable) continue;
    paramsTotal += model.params[p.name]!.data.length;
    paramsNonzero += nonzeros(model, p.name);
  }
  return { sparsity: size ? zeros / size : 0, perLayer, paramsTotal, paramsNonzero, flopsDense, flopsSparse };
}

export function prunedParamEfficiency(accuracy: number, denseAccuracy: number, stats: Pick<SparsityStats, 'paramsTotal' | 'paramsNonzero'>): number {
  return (accuracy / denseAccuracy) * (stats.paramsTotal / Math.max(1, stats.paramsNonzero));
}

/** Metric name → value, as the stages record them (`sparsity/<layer>` per layer). */
export function statsMetrics(s: SparsityStats): Record<string, number> {
  const out: Record<string, number> = {
    sparsity: s.sparsity,
    params_nonzero: s.paramsNonzero,
    flops_dense: s.flopsDense,
    flops_sparse: s.flopsSparse,
  };
  for (const [layer, v] of Object.entries(s.perLayer)) out[`sparsity/${layer}`] = v;
  return out;
}
