/**
 * Tiny plugins for kernel tests: no tensors, fast, and each misbehaviour the kernel must survive
 * (throwing mid-run, a NaN loss, a non-plain output) on demand.
 */
import { definePlugin, type Plugin } from '../../kernel/plugin.js';
import type { PluginSource } from '../../kernel/container.js';
import { callSchema } from '../../kernel/schema.js';

export const runs: Record<string, number> = {};
const count = (id: string) => (runs[id] = (runs[id] ?? 0) + 1);

export const toyData = definePlugin({
  id: 'data/toy',
  version: '1.0.0',
  kind: 'data',
  description: 'n numbers from the seeded rng',
  cache: false,
  configSchema: { type: 'object', properties: { n: { type: 'integer', minimum: 1, default: 4 } }, additionalProperties: false },
  inputs: {},
  output: 'Dataset',
  async run(ctx, _in, c: { n: number }) {
    count('data/toy');
    const xs = new Float64Array(c.n).map(() => ctx.rng.next());
    return { output: { xs } };
  },
});

export const toyModel = definePlugin({
  id: 'model/toy',
  version: '1.0.0',
  kind: 'model',
  description: 'a scale factor',
  configSchema: {
    type: 'object',
    properties: { scale: { type: 'number', default: 1 }, activation: { enum: ['relu', 'tanh'], default: 'relu' } },
    additionalProperties: false,
  },
  inputs: { data: { type: 'Dataset' } },
  output: 'Model',
  async run(_ctx, _in, c: { scale: number }) {
    count('model/toy');
    return { output: { scale: c.scale, params: { w: { shape: [2], data: new Float32Array([c.scale, 0]) } } } };
  },
});

interface TrainC {
  epochs: number;
  fail_at: number;
  nan_at: number;
  bad_output: boolean;
}

export const toyTrain = definePlugin<TrainC, unknown>({
  id: 'train/toy',
  version: '1.0.0',
  kind: 'train',
  description: 'trains by summing; can throw or produce NaN on request',
  configSchema: {
    type: 'object',
    properties: {
      epochs: { type: 'integer', minimum: 1, default: 2 },
      lr: { anyOf: [{ type: 'number', exclusiveMinimum: 0 }, callSchema('cosine', {}, { args: { type: 'array' } })], default: 0.1, description: 'a number > 0 or cosine(a -> b)' },
      fail_at: { type: 'integer', default: -1 },
      nan_at: { type: 'integer', default: -1 },
      bad_output: { type: 'boolean', default: false },
      required_thing: { type: 'string' },
    },
    additionalProperties: false,
  },
  inputs: { model: { type: 'Model' }, data: { type: 'Dataset' } },
  output: 'Model',
  check(c) {
    return c.fail_at >= c.epochs ? [{ path: ['fail_at'], message: `must be below epochs (${c.epochs})` }] : [];
  },
  async *run(ctx, inputs, c) {
    count('train/toy');
    const { xs } = inputs.data as { xs: Float64Array };
    let loss = 0;
    for (let e = 0; e < c.epochs; e++) {
      ctx.throwIfAborted();
      if (e === c.fail_at) throw new Error(`boom at epoch ${e}`);
      loss = xs.reduce((a, b) => a + b, 0) / (e + 1);
      if (e === c.nan_at) loss = NaN;
      if (!Number.isFinite(loss)) throw Object.assign(new Error(`loss is NaN at epoch ${e}`), { name: 'NonFiniteError' });
      yield { type: 'progress', done: e + 1, total: c.epochs, unit: 'epoch', loss };
      ctx.metric('loss', loss, e, 'epoch');
      await new Promise((r) => setTimeout(r, 1));
    }
    if (c.bad_output) return { output: { m: new Map() } };
    return { output: { ...(inputs.model as object), trained: true } };
  },
});

export const toyEval = definePlugin({
  id: 'evaluate/toy',
  version: '1.0.0',
  kind: 'evaluate',
  description: 'reports a metric from its model',
  configSchema: { type: 'object', properties: { out: { type: 'string' } }, additionalProperties: false },
  inputs: { model: { type: 'Model' }, data: { type: 'Dataset', optional: true } },
  output: 'Metrics',
  async run(ctx, inputs, c: { out?: string }) {
    count('evaluate/toy');
    const m = inputs.model as { scale: number; trained?: boolean };
    ctx.metric('accuracy', m.trained ? 0.5 + m.scale / 10 : 0.1);
    if (c.out) ctx.requestReport(c.out);
    return { output: { ok: true }, result: { note: 'fine' } };
  },
});

export const toyBayes = definePlugin({
  id: 'data/toybn',
  version: '1.0.0',
  kind: 'data',
  description: 'outputs a BayesNet',
  configSchema: { type: 'object', properties: {}, additionalProperties: false },
  inputs: {},
  output: 'BayesNet',
  async run() {
    return { output: {} };
  },
});

export const toyReport = definePlugin({
  id: 'evaluate/compare',
  version: '1.0.0',
  kind: 'evaluate',
  description: 'takes several models',
  configSchema: { type: 'object', properties: {}, additionalProperties: false },
  inputs: { models: { type: 'Model', multiple: true } },
  output: 'Metrics',
  async run(ctx, inputs) {
    ctx.metric('n', (inputs.models as unknown[]).length);
    return { output: {} };
  },
});

export const toyVerify = definePlugin({
  id: 'verify/toy',
  version: '1.0.0',
  kind: 'verify',
  description: 'needs eps',
  configSchema: { type: 'object', properties: { eps: { type: 'number', minimum: 0, description: 'radius of the L-inf ball' } }, required: ['eps'], additionalProperties: false },
  inputs: { model: { type: 'Model' } },
  output: 'Metrics',
  async run() {
    return { output: {} };
  },
});

export const toyPlugins: Plugin[] = [toyData, toyModel, toyTrain, toyEval, toyBayes, toyReport, toyVerify];

export const fakeBackend = {
  id: 'backend/none',
  kind: 'backend' as const,
  name: 'wasm',
  version: '1.0.0',
  apiVersion: 1,
  description: 'no-op backend for kernel tests',
  tfBackendName: 'none',
  probe: async () => ({ available: true }),
  activate: async () => undefined,
};

export const toySources: PluginSource[] = [{ origin: 'test', plugins: toyPlugins, backends: [fakeBackend] }];
