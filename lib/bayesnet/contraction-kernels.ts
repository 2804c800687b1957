/**
 * The two kernels of the contraction tape, on float64 typed arrays with precomputed strides and
 * no allocation per element.
 *
 * forward:  out[o] = Σ_t Π_k in_k[off_k(o) + t · ss_k]
 * backward: adj_k[off_k(o) + t · ss_k] += ḡ[o] · Π_{m≠k} in_m[...]   (prefix/suffix products, so
 *           zero CPT entries need no division), for one or two adjoint channels at once —
 *           P(target, e) and P(e) share every product and differ only in the seed.
 *
 * The output index o runs row-major over outDims. The last axis is a plain loop; the outer axes
 * move each input's offset by a precomputed carry delta (an odometer), once per row.
 *
 * The loops over the inputs are unrolled by generating one function per input count (and channel
 * count): with the inputs in local variables V8 keeps every index in a register, which measured
 * 3–4× faster than indexing arrays of inputs in the innermost loop.
 */
import type { ContractionStep } from './contraction-plan.js';

interface StepGeometry {
  /** Length of the last output axis (1 for a scalar output). */
  run: number;
  /** Stride of each input along the last output axis. */
  runStrides: Int32Array;
  /** Number of rows (product of the outer axes). */
  rows: number;
  outerDims: Int32Array;
  /** carry[k · no + d]: offset change of input k when outer axis d increments and faster outer axes wrap. */
  carry: Int32Array;
}

const geometryCache = new WeakMap<ContractionStep, StepGeometry>();

function geometry(s: ContractionStep): StepGeometry {
  const cached = geometryCache.get(s);
  if (cached) return cached;
  const K = s.inputs.length;
  const nd = s.outDims.length;
  const no = Math.max(nd - 1, 0);
  const run = nd ? s.outDims[nd - 1]! : 1;
  const runStrides = new Int32Array(K);
  if (nd) for (let k = 0; k < K; k++) runStrides[k] = s.strides[k * nd + nd - 1]!;
  const outerDims = s.outDims.slice(0, no);
  const carry = new Int32Array(K * no);
  for (let k = 0; k < K; k++) {
    let wrap = 0;
    for (let d = no - 1; d >= 0; d--) {
      const st = s.strides[k * nd + d]!;
      carry[k * no + d] = st - wrap;
      wrap += st * (outerDims[d]! - 1);
    }
  }
  const rows = outerDims.reduce((a, b) => a * b, 1);
  const g = { run, runStrides, rows, outerDims, carry };
  geometryCache.set(s, g);
  return g;
}

type Kernel = (
  args: {
    data: Float64Array[];
    adjA?: Float64Array[];
    adjB?: Float64Array[];
    gA?: Float64Array;
    gB?: Float64Array;
    out?: Float64Array;
    off: Int32Array;
    ss: Int32Array;
    g: StepGeometry;
    sumCard: number;
  },
) => void;

const kernels = new Map<string, Kernel>();

const range = (K: number) => Array.from({ length: K }, (_, k) => k);

/** Odometer over the outer axes: after a row, find the axis that increments and apply its carry. */
function odometerSource(K: number): string {
  return `
      let d = no - 1;
      while (d >= 0 && ++counter[d] === outerDims[d]) counter[d--] = 0;
      if (d >= 0) {
        ${range(K).map((k) => `b${k} += carry[${k} * no + d];`).join(' ')}
      }`;
}

function prologue(K: number): string {
  return `
    const { data, off, ss, g, sumCard } = args;
    const { run, runStrides, rows, outerDims, carry } = g;
    const no = outerDims.length;
    const counter = new Int32Array(no);
    ${range(K).map((k) => `const d${k} = data[${k}], s${k} = ss[${k}], r${k} = runStrides[${k}]; let b${k} = off[${k}];`).join('\n    ')}`;
}

function forwardSource(K: number): string {
  const product = range(K).map((k) => `d${k}[a${k}]`).join(' * ');
  return `${prologue(K)}
    const out = args.out;
    let o = 0;
    for (let row = 0; row < rows; row++) {
      ${range(K).map((k) => `let i${k} = b${k};`).join(' ')}
      for (let j = 0; j < run; j++, o++) {
        let acc = 0;
        ${range(K).map((k) => `let a${k} = i${k};`).join(' ')}
        for (let t = 0; t < sumCard; t++) {
          acc += ${product};
          ${range(K).map((k) => `a${k} += s${k};`).join(' ')}
        }
        out[o] = acc;
        ${range(K).map((k) => `i${k} += r${k};`).join(' ')}
      }
      ${odometerSource(K)}
    }`;
}

function backwardSource(K: number, channels: 1 | 2): string {
  const lines: string[] = [];
  // prefix products p_k = Π_{m<k} v_m, then a suffix sweep gives Π_{m≠k} v_m.
  lines.push(...range(K).map((k) => `const v${k} = d${k}[a${k}];`));
  lines.push(`let p0 = 1;`);
  for (let k = 1; k < K; k++) lines.push(`const p${k} = p${k - 1} * v${k - 1};`);
  lines.push(`let q = 1;`);
  for (let k = K - 1; k >= 0; k--) {
    lines.push(`{ const e = p${k} * q; A${k}[a${k}] += ga * e;${channels === 2 ? ` B${k}[a${k}] += gb * e;` : ''} }`);
    if (k > 0) lines.push(`q *= v${k};`);
  }
  return `${prologue(K)}
    ${range(K).map((k) => `const A${k} = args.adjA[${k}];${channels === 2 ? ` const B${k} = args.adjB[${k}];` : ''}`).join('\n    ')}
    const gA = args.gA;
    const gB = ${channels === 2 ? 'args.gB' : 'undefined'};
    let o = 0;
    for (let row = 0; row < rows; row++) {
      ${range(K).map((k) => `let i${k} = b${k};`).join(' ')}
      for (let j = 0; j < run; j++, o++) {
        const ga = gA[o];
        const gb = ${channels === 2 ? 'gB[o]' : '0'};
        if (ga !== 0 || gb !== 0) {
          ${range(K).map((k) => `let a${k} = i${k};`).join(' ')}
          for (let t = 0; t < sumCard; t++) {
            ${lines.join('\n            ')}
            ${range(K).map((k) => `a${k} += s${k};`).join(' ')}
          }
        }
        ${range(K).map((k) => `i${k} += r${k};`).join(' ')}
      }
      ${odometerSource(K)}
    }`;
}

function kernel(key: string, source: () => string): Kernel {
  let k = kernels.get(key);
  if (!k) {
    k = new Function('args', `'use strict';${source()}`) as Kernel;
    kernels.set(key, k);
  }
  return k;
}

export function forwardStep(s: ContractionStep, bufs: Float64Array[]): void {
  const K = s.inputs.length;
  kernel(`f${K}`, () => forwardSource(K))({
    data: Array.from(s.inputs, (b) => bufs[b]!),
    out: bufs[s.out]!,
    off: s.offsets,
    ss: s.sumStrides,
    g: geometry(s),
    sumCard: s.sumCard,
  });
}

/**
 * Accumulates the step's input adjoints from its output adjoint, for channel A and optionally
 * channel B. Input adjoint buffers must be zeroed by the caller before the pass.
 */
export function backwardStep(s: ContractionStep, bufs: Float64Array[], adjA: Float64Array[], adjB: Float64Array[] | undefined): void {
  const K = s.inputs.length;
  const channels = adjB ? 2 : 1;
  kernel(`b${K}x${channels}`, () => backwardSource(K, channels))({
    data: Array.from(s.inputs, (b) => bufs[b]!),
    adjA: Array.from(s.inputs, (b) => adjA[b]!),
    ...(adjB ? { adjB: Array.from(s.inputs, (b) => adjB[b]!), gB: adjB[s.out]! } : {}),
    gA: adjA[s.out]!,
    off: s.offsets,
    ss: s.sumStrides,
    g: geometry(s),
    sumCard: s.sumCard,
  });
}
