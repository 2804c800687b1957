/**
 * Graph networks as JSON (`arch` of a `Model.graph` artifact) and their parameter list. One
 * spec covers GIN (Xu et al., ICLR 2019) with its less powerful aggregation variants and a
 * GCN baseline, so the paper's expressiveness comparison runs with everything else equal:
 * same depth, batch norm, and readout over every layer's output.
 */
import type { RandomSource } from '../data/random.js';
import type { ParamArrays } from '../nn/model.js';

export type Aggregate = 'sum' | 'mean' | 'max';
export type Readout = 'sum' | 'mean';

export interface GraphModelSpec {
  type: 'graph';
  /** gin: h ← MLP((1+ε)·h + AGG(neighbours)); gcn: h ← D^-½(A+I)D^-½·h·W (Kipf & Welling). */
  kind: 'gin' | 'gcn';
  inputDim: number;
  numClasses: number;
  /**
   * Layers counting the input representation, as the paper counts them: `layers - 1` rounds of
   * message passing, and readout over all `layers` representations h0 .. h(layers-1).
   */
  layers: number;
  hidden: number;
  /** GIN: linear maps per MLP (1 = one linear map; 2 = linear, BN, ReLU, linear). */
  mlpLayers: number;
  /** GIN: ε fixed (GIN-0: 0), or `learn` (one trainable scalar per layer, starting at 0). */
  eps: number | 'learn';
  /** GIN: sum (the paper's), or mean / max over the closed neighbourhood (its weaker variants). */
  aggregate: Aggregate;
  readout: Readout;
  /** Dropout on each layer's prediction before they are summed (the paper's final_dropout). */
  dropout: number;
  /** Weight of the old running statistic per batch-norm update (PyTorch's momentum 0.1 = 0.9). */
  bnMomentum: number;
  bnEpsilon: number;
}

/** A trained or fresh graph network: plain data, like lib/nn's `Model`. */
export interface GraphModel {
  arch: GraphModelSpec;
  params: ParamArrays;
  meta?: { metrics?: Record<string, number>; [k: string]: unknown };
}

export interface GraphParamInfo {
  name: string;
  shape: number[];
  trainable: boolean;
  /** Inputs of the linear map this belongs to (for initialisation). */
  fanIn: number;
  role: 'kernel' | 'bias' | 'gamma' | 'beta' | 'moving_mean' | 'moving_variance' | 'eps';
}

export function isGraphModelSpec(a: unknown): a is GraphModelSpec {
  return typeof a === 'object' && a !== null && (a as { type?: unknown }).type === 'graph';
}

function linear(prefix: string, i: number, o: number): GraphParamInfo[] {
  return [
    { name: `${prefix}/kernel`, shape: [i, o], trainable: true, fanIn: i, role: 'kernel' },
    { name: `${prefix}/bias`, shape: [o], trainable: true, fanIn: i, role: 'bias' },
  ];
}

function batchNorm(prefix: string, n: number): GraphParamInfo[] {
  return (['gamma', 'beta', 'moving_mean', 'moving_variance'] as const).map((role) => ({
    name: `${prefix}/${role}`,
    shape: [n],
    trainable: role === 'gamma' || role === 'beta',
    fanIn: n,
    role,
  }));
}

/** Widths of the node representations h0 .. h(layers-1). */
export function representationWidths(s: GraphModelSpec): number[] {
  return Array.from({ length: s.layers }, (_, l) => (l === 0 ? s.inputDim : s.hidden));
}

/** Every parameter, in a fixed order; names are `<block>/<role>` as in lib/nn. */
export function graphParamInfos(s: GraphModelSpec): GraphParamInfo[] {
  const out: GraphParamInfo[] = [];
  const widths = representationWidths(s);
  for (let l = 1; l < s.layers; l++) {
    const p = `${s.kind}${l}`;
    if (s.kind === 'gin') {
      if (s.eps === 'learn') out.push({ name: `${p}/eps`, shape: [1], trainable: true, fanIn: 1, role: 'eps' });
      for (let j = 0; j < s.mlpLayers; j++) {
        out.push(...linear(`${p}/mlp${j}`, j === 0 ? widths[l - 1]! : s.hidden, s.hidden));
        if (j < s.mlpLayers - 1) out.push(...batchNorm(`${p}/mlp${j}_bn`, s.hidden));
      }
    } else {
      out.push(...linear(`${p}/linear`, widths[l - 1]!, s.hidden));
    }
    out.push(...batchNorm(`${p}/bn`, s.hidden));
  }
  widths.forEach((w, l) => out.push(...linear(`readout${l}`, w, s.numClasses)));
  return out;
}

export function graphTrainableNames(s: GraphModelSpec): string[] {
  return graphParamInfos(s)
    .filter((p) => p.trainable)
    .map((p) => p.name);
}

export function countGraphParams(s: GraphModelSpec): number {
  return graphParamInfos(s)
    .filter((p) => p.trainable)
    .reduce((a, p) => a + p.shape.reduce((x, y) => x * y, 1), 0);
}

/**
 * PyTorch's defaults, as the paper's code used them: linear weights and biases uniform in
 * ±1/√fan_in, batch norm γ = 1, β = 0, running mean 0 and variance 1, ε = 0.
 */
export function initGraphParams(s: GraphModelSpec, rng: RandomSource): ParamArrays {
  const params: ParamArrays = {};
  for (const p of graphParamInfos(s)) {
    const size = p.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (p.role === 'kernel' || p.role === 'bias') {
      const bound = 1 / Math.sqrt(p.fanIn);
      for (let i = 0; i < size; i++) data[i] = (2 * rng.next() - 1) * bound;
    } else if (p.role === 'gamma' || p.role === 'moving_variance') {
      data.fill(1);
    }
    params[p.name] = { shape: p.shape, data };
  }
  return params;
}

/** Throws if `params` do not match the spec (missing, extra or wrongly shaped arrays). */
export function checkGraphModel(m: GraphModel): void {
  if (!isGraphModelSpec(m.arch)) throw new Error(`the model is not a graph network (arch type '${String((m.arch as { type?: unknown }).type)}')`);
  const infos = graphParamInfos(m.arch);
  for (const info of infos) {
    const p = m.params[info.name];
    if (!p) throw new Error(`graph model is missing parameter '${info.name}'`);
    if (p.shape.join() !== info.shape.join() || p.data.length !== info.shape.reduce((a, b) => a * b, 1)) {
      throw new Error(`parameter '${info.name}' has shape [${p.shape.join(', ')}], the architecture needs [${info.shape.join(', ')}]`);
    }
  }
  const known = new Set(infos.map((p) => p.name));
  for (const name of Object.keys(m.params)) if (!known.has(name)) throw new Error(`graph model has unknown parameter '${name}'`);
}
