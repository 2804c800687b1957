/**
 * `data signals { source: mnist, size: 28, train: 512, test: 32 }` → Signals: images as
 * coordinate → value signals on a [−1, 1]² grid, split by the pipeline seed into meta-train and
 * meta-test signals. Sources: `mnist` (the mnist package's digits, area-downsampled to `size`).
 */
import { definePlugin, type ConfigIssue } from '../../kernel/plugin.js';
import { positiveInt } from '../../kernel/schema.js';
import { loadMnistPool, MNIST_SIDE } from '../../lib/data/index.js';
import { mnistSignals, SIGNAL_SOURCES, type SignalSet } from '../../lib/inr/index.js';

export interface SignalsConfig {
  source: string;
  size: number;
  train: number;
  test: number;
}

const POOL_SIZE = 10000;

/** Sources a user may mean but that this build cannot read, with the reason. */
const UNAVAILABLE: Record<string, string> = {
  membrane_crops: 'membrane_crops needs a PNG decoder (pngjs), which is not installed in this build',
};

function issues(c: SignalsConfig): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  if (!(SIGNAL_SOURCES as readonly string[]).includes(c.source)) {
    out.push({
      path: ['source'],
      message: UNAVAILABLE[c.source] ?? `unknown signal source '${c.source}'`,
      hint: `available: ${SIGNAL_SOURCES.join(', ')}`,
    });
    return out;
  }
  if (c.source === 'mnist' && MNIST_SIDE % c.size !== 0) {
    const divisors = [1, 2, 4, 7, 14, 28].filter((d) => d > 1);
    out.push({ path: ['size'], message: `size ${c.size} must divide the digits' side ${MNIST_SIDE}`, hint: `one of ${divisors.join(', ')}` });
  }
  if (c.train + c.test > POOL_SIZE) out.push({ path: ['test'], message: `train + test is ${c.train + c.test}; the package has ${POOL_SIZE} digits` });
  return out;
}

export const signalsPlugin = definePlugin<SignalsConfig, SignalSet>({
  id: 'data/signals',
  version: '1.0.0',
  kind: 'data',
  description: 'Images as coordinate → value signals on a [−1, 1]² grid, split into meta-train and meta-test',
  configSchema: {
    type: 'object',
    properties: {
      source: { type: 'string', default: 'mnist', description: `where the images come from: ${SIGNAL_SOURCES.join(' | ')}` },
      size: { ...positiveInt, default: 28, description: 'side of the square grid (the images are area-downsampled to it)' },
      train: { ...positiveInt, default: 512, description: 'meta-train signals' },
      test: { ...positiveInt, default: 32, description: 'meta-test signals' },
    },
    additionalProperties: false,
  },
  inputs: {},
  output: 'Signals',
  // Built from the mnist package in well under a second; a cached copy would only take disk.
  cache: false,
  check: issues,
  async run(ctx, _inputs, c) {
    for (const i of issues(c)) ctx.configError(i.path, i.message, i.hint);
    const set = mnistSignals(await loadMnistPool(), c, ctx.rng.fork('split'));
    ctx.log(`signals: ${c.train} meta-train / ${c.test} meta-test ${c.size}×${c.size} ${c.source} images`);
    return { output: set, result: { source: c.source, grid: set.grid, channels: set.channels, train: c.train, test: c.test } };
  },
  docs: 'Grey images as signals f: [−1, 1]² → [0, 1]. See docs/techniques/ecop.md.',
});
