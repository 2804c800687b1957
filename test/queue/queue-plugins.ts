/**
 * Plugins for the queue tests: small and fast, no tensors. `train/sleepy` takes a while (so a
 * worker can be killed mid-job) and reports y = 2x, which lets a test check every sweep point's
 * result against its parameter; `evaluate/explode` throws at one chosen point.
 */
import { definePlugin, type Plugin } from '../../kernel/plugin.js';
import type { PluginSource } from '../../kernel/container.js';
import { toyPlugins, fakeBackend } from '../kernel/toy-plugins.js';

export const sleepy = definePlugin({
  id: 'train/sleepy',
  version: '1.0.0',
  kind: 'train',
  description: 'waits ms milliseconds in 10 ms steps, then reports y = 2x',
  configSchema: {
    type: 'object',
    properties: { ms: { type: 'integer', minimum: 0, default: 50 }, x: { type: 'number', default: 0 } },
    additionalProperties: false,
  },
  inputs: { model: { type: 'Model' } },
  output: 'Model',
  async run(ctx, inputs, c: { ms: number; x: number }) {
    const steps = Math.max(1, Math.ceil(c.ms / 10));
    for (let i = 0; i < steps; i++) {
      ctx.throwIfAborted();
      await new Promise((r) => setTimeout(r, c.ms / steps));
      ctx.progress({ done: i + 1, total: steps, unit: 'step' });
    }
    ctx.metric('y', 2 * c.x);
    return { output: { ...(inputs.model as object), x: c.x } };
  },
});

export const explode = definePlugin({
  id: 'evaluate/explode',
  version: '1.0.0',
  kind: 'evaluate',
  description: 'throws when x equals at',
  configSchema: {
    type: 'object',
    properties: { x: { type: 'number', default: 0 }, at: { type: 'number', default: -1 } },
    additionalProperties: false,
  },
  inputs: { model: { type: 'Model' } },
  output: 'Metrics',
  async run(ctx, _inputs, c: { x: number; at: number }) {
    if (c.x === c.at) throw new Error(`kaboom at x=${c.x}`);
    ctx.metric('z', c.x + 1);
    return { output: { ok: true } };
  },
});

export const queuePlugins: Plugin[] = [...toyPlugins, sleepy, explode];
export const queueSources: PluginSource[] = [{ origin: 'test', plugins: queuePlugins, backends: [fakeBackend] }];

/** A sweep over x with a slow-ish middle stage; `ms` sets how long each point takes. */
export function sweepText(xs: number[], o: { ms?: number; explodeAt?: number; use?: string } = {}): string {
  return `version 1
${o.use ? `use "${o.use}"\n` : ''}pipeline p {
  sweep { x: [${xs.join(', ')}] }
  data toy { n: 2 }
  model toy { scale: 2 }
  train sleepy { ms: ${o.ms ?? 30}, x: $x }
  evaluate explode { x: $x, at: ${o.explodeAt ?? -1} }
}
`;
}
