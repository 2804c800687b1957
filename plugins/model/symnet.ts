/**
 * `model symnet { units: [mul, div, sin, cos, tanh, ident], layers: 2, width: 6 }` → Model.symnet:
 * a symbolic network (lib/symbolic/network.ts) sized to a Dataset.table. `units` is one list for
 * every layer (assigned round-robin up to `width`), or one list per layer.
 */
import { didYouMean } from '../../dsl/diagnostics.js';
import { definePlugin, type ConfigIssue } from '../../kernel/plugin.js';
import { createSymNet, UNIT_NAMES, type SymNet } from '../../lib/symbolic/index.js';
import type { TableDataset } from '../../lib/symbolic/table.js';

export interface SymnetConfig {
  units: string[] | string[][];
  layers: number;
  width?: number;
  skip: boolean;
  normalize: boolean;
  init_sigma: number;
  div_threshold: number;
}

export const symnetPlugin = definePlugin<SymnetConfig, SymNet>({
  id: 'model/symnet',
  version: '1.0.0',
  kind: 'model',
  description: 'Symbolic network: layers of elementary units (mul, div, sin, ...) that read as a formula once sparse',
  configSchema: {
    type: 'object',
    properties: {
      units: {
        anyOf: [
          { type: 'array', items: { type: 'string' }, minItems: 1 },
          { type: 'array', items: { type: 'array', items: { type: 'string' }, minItems: 1 }, minItems: 1 },
        ],
        default: ['mul', 'div', 'sin', 'cos', 'tanh', 'ident'],
        description: `unit names for every layer, or one list per layer; units: ${UNIT_NAMES.join(', ')}`,
      },
      layers: { type: 'integer', minimum: 1, maximum: 6, default: 2, description: 'hidden layers (when units is one list)' },
      width: { type: 'integer', minimum: 1, maximum: 64, description: 'units per layer, the unit list repeated round-robin (default: its length)' },
      skip: { type: 'boolean', default: true, description: 'layers after the first also read the inputs' },
      normalize: { type: 'boolean', default: true, description: 'scale inputs and target by their largest |value| in the training data' },
      init_sigma: { type: 'number', exclusiveMinimum: 0, default: 0.3, description: 'σ of the Gaussian initial weights (scaled units)' },
      div_threshold: { type: 'number', exclusiveMinimum: 0, default: 1e-3, description: 'a division outputs 0 where its denominator is below this (and is penalised there)' },
    },
    additionalProperties: false,
  },
  inputs: { data: { type: 'Dataset.table', description: 'names the inputs and sets the scales' } },
  output: 'Model.symnet',
  check(c) {
    const issues: ConfigIssue[] = [];
    const checkName = (name: string, path: (string | number)[]) => {
      if (!UNIT_NAMES.includes(name)) issues.push({ path, message: `unknown unit '${name}'`, hint: `${didYouMean(name, UNIT_NAMES) ?? ''} valid units: ${UNIT_NAMES.join(', ')}`.trim() });
    };
    c.units.forEach((u, i) => (Array.isArray(u) ? u.forEach((n, j) => checkName(n, ['units', i, j])) : checkName(u, ['units', i])));
    return issues;
  },
  async run(ctx, inputs, c) {
    const ds = inputs.data as TableDataset;
    if (ds?.kind !== 'table') throw new Error(`model symnet needs a Dataset.table (data csv), got kind '${String((ds as { kind?: unknown })?.kind)}'`);
    const layers = layerUnits(c);
    const d = ds.inputs.length;
    const train = ds.splits.train;
    const maxAbs = (get: (i: number) => number) => {
      let m = 0;
      for (let i = 0; i < train.n; i++) m = Math.max(m, Math.abs(get(i)));
      return c.normalize && m > 0 ? m : 1;
    };
    const inputScale = ds.inputs.map((_, j) => maxAbs((i) => train.x[i * d + j]!));
    const outputScale = maxAbs((i) => train.y[i]!);
    const net = createSymNet({ inputs: ds.inputs, layers, skip: c.skip, divThreshold: c.div_threshold, inputScale, outputScale, initSigma: c.init_sigma }, ctx.rng);
    ctx.metric('parameters', net.params.length);
    ctx.log(`symnet ${layers.map((l) => `[${l.join(' ')}]`).join(' → ')} → linear; ${net.params.length} weights; scales x/[${inputScale.map((s) => +s.toPrecision(4)).join(', ')}], y·${+outputScale.toPrecision(4)}`);
    return { output: net, result: { layers, parameters: net.params.length } };
  },
  docs: 'Each unit reads one linear combination (+ bias) of the previous layer per argument (mul and div take two); the output is a linear combination of the last layer. div is safe: 0 where the denominator is below div_threshold. Train it with `train symreg`. See docs/techniques/symbolic-regression.md.',
});

export function layerUnits(c: Pick<SymnetConfig, 'units' | 'layers' | 'width'>): string[][] {
  if (c.units.every((u) => Array.isArray(u))) return (c.units as string[][]).map((l) => [...l]);
  const flat = c.units as string[];
  const width = c.width ?? flat.length;
  return Array.from({ length: c.layers }, () => Array.from({ length: width }, (_, i) => flat[i % flat.length]!));
}
