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
 * The loops over the inputs (and over t, for small summed cardinalities) are unrolled by
 * generating one function per input count, channel count and cardinality, cached: with the
 * inputs in local variables V8 keeps every index in a register, which measured 3–4× faster than
 * indexing arrays of inputs in the innermost loop (and unrolling t another ~1.5× on water).
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

/**
 * Merges adjacent output axes that every input (and the output) walks contiguously — axis d and
 * d+1 merge when each input's stride along d is its stride along d+1 times dims[d+1] — so the
 * plain inner loop runs longer and the odometer turns less often.
 */
function coalesce(s: ContractionStep): { dims: number[]; strides: number[][] } {
  const K = s.inputs.length;
  const nd = s.outDims.length;
  const dims: number[] = [];
  const strides: number[][] = Array.from({ length: K }, () => []);
  for (let d = 0; d < nd; d++) {
    const size = s.outDims[d]!;
    const last = dims.length - 1;
    const mergeable = last >= 0 && strides.every((st, k) => st[last] === s.strides[k * nd + d]! * size);
    if (mergeable) {
      dims[last] = dims[last]! * size;
      for (let k = 0; k < K; k++) strides[k]![last] = s.strides[k * nd + d]!;
    } else {
      dims.push(size);
      for (let k = 0; k < K; k++) strides[k]!.push(s.strides[k * nd + d]!);
    }
  }
  return { dims, strides };
}

function geometry(s: ContractionStep): StepGeometry {
  const cached = geometryCache.get(s);
  if (cached) return cached;
  const K = s.inputs.length;
  const { dims, strides } = coalesce(s);
  const nd = dims.length;
  const no = Math.max(nd - 1, 0);
  const run = nd ? dims[nd - 1]! : 1;
  const runStrides = new Int32Array(K);
  if (nd) for (let k = 0; k < K; k++) runStrides[k] = strides[k]![nd - 1]!;
  const outerDims = Int32Array.from(dims.slice(0, no));
  const carry = new Int32Array(K * no);
  for (let k = 0; k < K; k++) {
    let wrap = 0;
    for (let d = no - 1; d >= 0; d--) {
      const st = strides[k]![d]!;
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

/** Largest summed cardinality (and input count) for which the loop over t is fully unrolled. */
const UNROLL_T = 6;
const UNROLL_K = 8;

/**
 * Code that runs `body(index)` for t = 0..sumCard-1, where index(k) is input k's element for
 * that t: fully unrolled when T > 0 (the t-loop of 2–4 iterations was pure overhead), a loop
 * with running indices otherwise.
 */
function overT(K: number, T: number, body: (index: (k: number) => string, t: number) => string): string {
  if (T > 0) {
    return range(T)
      .map((t) => `{ ${body((k) => (t === 0 ? `i${k}` : `i${k} + m${t}_${k}`), t)} }`)
      .join('\n');
  }
  return `${range(K).map((k) => `let a${k} = i${k};`).join(' ')}
        for (let t = 0; t < sumCard; t++) {
          ${body((k) => `a${k}`, -1)}
          ${range(K).map((k) => `a${k} += s${k};`).join(' ')}
        }`;
}

function unrollPrologue(K: number, T: number): string {
  const lines: string[] = [];
  for (let t = 1; t < T; t++) for (let k = 0; k < K; k++) lines.push(`const m${t}_${k} = ${t} * s${k};`);
  return lines.join(' ');
}

function forwardSource(K: number, T: number): string {
  return `${prologue(K)}
    ${unrollPrologue(K, T)}
    const out = args.out;
    let o = 0;
    for (let row = 0; row < rows; row++) {
      ${range(K).map((k) => `let i${k} = b${k};`).join(' ')}
      for (let j = 0; j < run; j++, o++) {
        let acc = 0;
        ${overT(K, T, (index) => `acc += ${range(K).map((k) => `d${k}[${index(k)}]`).join(' * ')};`)}
        out[o] = acc;
        ${range(K).map((k) => `i${k} += r${k};`).join(' ')}
      }
      ${odometerSource(K)}
    }`;
}

function backwardBody(K: number, channels: 1 | 2, index: (k: number) => string): string {
  const lines: string[] = [];
  // prefix products p_k = Π_{m<k} v_m, then a suffix sweep gives Π_{m≠k} v_m.
  lines.push(...range(K).map((k) => `const x${k} = ${index(k)}; const v${k} = d${k}[x${k}];`));
  lines.push(`const p0 = 1;`);
  for (let k = 1; k < K; k++) lines.push(`const p${k} = p${k - 1} * v${k - 1};`);
  lines.push(`let q = 1;`);
  for (let k = K - 1; k >= 0; k--) {
    lines.push(`{ const e = p${k} * q; A${k}[x${k}] += ga * e;${channels === 2 ? ` B${k}[x${k}] += gb * e;` : ''} }`);
    if (k > 0) lines.push(`q *= v${k};`);
  }
  return lines.join('\n            ');
}

function backwardSource(K: number, channels: 1 | 2, T: number): string {
  return `${prologue(K)}
    ${unrollPrologue(K, T)}
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
          ${overT(K, T, (index) => backwardBody(K, channels, index))}
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

const unrollOf = (s: ContractionStep) => (s.sumCard <= UNROLL_T && s.inputs.length <= UNROLL_K ? s.sumCard : 0);

export function forwardStep(s: ContractionStep, bufs: Float64Array[]): void {
  const K = s.inputs.length;
  const T = unrollOf(s);
  kernel(`f${K}t${T}`, () => forwardSource(K, T))({
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
  const T = unrollOf(s);
  kernel(`b${K}x${channels}t${T}`, () => backwardSource(K, channels, T))({
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
