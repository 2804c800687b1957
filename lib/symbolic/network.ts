/**
 * The symbolic network (EQL-style): each hidden layer is a row of elementary units, each unit
 * reads one linear combination (+ bias) of the previous layer per argument, and the output is a
 * linear combination of the last layer. With `skip`, every layer after the first also reads the
 * inputs themselves (so a deep unit can divide by r1 + r2 without spending units to carry them
 * through). Inputs and output are scaled by fixed constants
 * (x' = x / inputScale, y = outputScale · net) so one set of defaults (init, lr, thresholds)
 * fits data of any magnitude; scaling by a constant keeps a sparse formula sparse.
 *
 * The artifact is plain data: parameters in one Float64Array, a 0/1 mask of pruned weights.
 */
import { Tape, type Node } from './tape.js';
import { unitDef } from './units.js';
import type { RandomSource } from '../data/random.js';

export interface SymNet {
  kind: 'symnet';
  /** Variable names, in column order. */
  inputs: string[];
  /** Unit names of each hidden layer. */
  layers: string[][];
  /** Layers after the first (and the output) also read the scaled inputs. */
  skip: boolean;
  divThreshold: number;
  inputScale: number[];
  outputScale: number;
  params: Float64Array;
  /** 1 = live weight, 0 = pruned (held at zero). */
  mask: Uint8Array;
}

/** Where one linear combination's weights sit: `fanIn` weights then a bias, from `off`. */
export interface LinearSlot {
  layer: number;
  unit: number;
  arg: number;
  off: number;
  fanIn: number;
}

export interface Layout {
  slots: LinearSlot[];
  /** slots of unit u in layer l, by argument. */
  unitSlots: LinearSlot[][][];
  output: LinearSlot;
  size: number;
}

/** Fan-in of a layer after the first: the previous layer's units, then the inputs with `skip`. */
export function layoutOf(net: Pick<SymNet, 'inputs' | 'layers' | 'skip'>): Layout {
  const slots: LinearSlot[] = [];
  const unitSlots: LinearSlot[][][] = [];
  let off = 0;
  let fanIn = net.inputs.length;
  net.layers.forEach((units, layer) => {
    unitSlots.push(
      units.map((name, unit) =>
        Array.from({ length: unitDef(name).arity }, (_, arg) => {
          const s = { layer, unit, arg, off, fanIn };
          off += fanIn + 1;
          slots.push(s);
          return s;
        }),
      ),
    );
    fanIn = units.length + (net.skip ? net.inputs.length : 0);
  });
  const output = { layer: net.layers.length, unit: 0, arg: 0, off, fanIn };
  slots.push(output);
  return { slots, unitSlots, output, size: off + fanIn + 1 };
}

export interface SymNetOptions {
  inputs: string[];
  layers: string[][];
  skip: boolean;
  divThreshold: number;
  inputScale: number[];
  outputScale: number;
  initSigma: number;
}

/** Fresh Gaussian weights; denominators start with a positive bias so no division starts cut. */
export function createSymNet(o: SymNetOptions, rng: RandomSource): SymNet {
  const net: SymNet = {
    kind: 'symnet',
    inputs: o.inputs,
    layers: o.layers,
    skip: o.skip,
    divThreshold: o.divThreshold,
    inputScale: o.inputScale,
    outputScale: o.outputScale,
    params: new Float64Array(0),
    mask: new Uint8Array(0),
  };
  const lay = layoutOf(net);
  net.params = new Float64Array(lay.size);
  net.mask = new Uint8Array(lay.size).fill(1);
  initParams(net, lay, rng, o.initSigma);
  return net;
}

export function initParams(net: SymNet, lay: Layout, rng: RandomSource, sigma: number): void {
  for (const s of lay.slots) {
    for (let i = 0; i <= s.fanIn; i++) net.params[s.off + i] = sigma * rng.normal();
    const isDenominator = s.layer < net.layers.length && s.arg === 1 && net.layers[s.layer]![s.unit] === 'div';
    if (isDenominator) net.params[s.off + s.fanIn] = 1 + Math.abs(rng.normal());
  }
}

export interface ForwardResult {
  /** Output in scaled units (net, not yet × outputScale). */
  y: Node;
  /** d(net)/d(x'_wrt) in scaled units, when asked for. */
  dy?: Node;
  /** Every division's denominator, for the pole penalty. */
  denominators: Node[];
}

/**
 * Records the network on `t` for the points whose raw input columns are `cols`. With `wrt`, also
 * the forward-mode tangent along input `wrt` (in scaled coordinates).
 */
export function forward(t: Tape, net: SymNet, lay: Layout, cols: Float64Array[], wrt?: number): ForwardResult {
  const n = cols[0]?.length ?? 0;
  const x = cols.map((c, i) => t.constant(c.map((v) => v / net.inputScale[i]!)));
  const dx = wrt === undefined ? null : cols.map((_, i) => t.filled(n, i === wrt ? 1 : 0));
  let a: Node[] = x;
  let da: Node[] | null = dx;
  const denominators: Node[] = [];
  net.layers.forEach((units, l) => {
    const next: Node[] = [];
    const dnext: Node[] = [];
    units.forEach((name, u) => {
      const def = unitDef(name);
      const slots = lay.unitSlots[l]![u]!;
      const z = slots.map((s) => t.linear(a, s.off));
      const y = def.apply(t, z, net.divThreshold);
      if (name === 'div') denominators.push(z[1]!);
      next.push(y);
      if (da) {
        const dz = slots.map((s) => t.linear(da!, s.off, false));
        dnext.push(def.tangent(t, z, dz, y, net.divThreshold));
      }
    });
    a = net.skip ? [...next, ...x] : next;
    da = dx ? (net.skip ? [...dnext, ...dx] : dnext) : null;
  });
  const y = t.linear(a, lay.output.off);
  const dy = da ? t.linear(da, lay.output.off, false) : undefined;
  return { y, ...(dy ? { dy } : {}), denominators };
}

/** Raw-unit predictions (no gradient). */
export function predict(net: SymNet, cols: Float64Array[]): Float64Array {
  const lay = layoutOf(net);
  const t = new Tape(net.params, new Float64Array(net.params.length), net.mask);
  const { y } = forward(t, net, lay, cols);
  return y.v.map((v) => v * net.outputScale);
}

export function cloneNet(net: SymNet): SymNet {
  return { ...net, inputs: [...net.inputs], layers: net.layers.map((l) => [...l]), inputScale: [...net.inputScale], params: net.params.slice(), mask: net.mask.slice() };
}
