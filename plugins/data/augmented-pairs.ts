/**
 * `data augmented_pairs { source: mnist, augment: [crop, flip, noise] }` → Dataset.pairs: the
 * labelled digits (labels serve only the linear probe) plus the seeded recipe of two random
 * augmentations of each image. Views are drawn anew whenever a training stage takes a batch,
 * from a stream seeded here, so the same pipeline seed gives the same views.
 */
import { definePlugin, type ConfigIssue } from '../../kernel/plugin.js';
import { positiveNumber } from '../../kernel/schema.js';
import { loadMnistPool, MNIST_POOL_SIZE, mnistDataset } from '../../lib/data/index.js';
import { AUGMENTATIONS, type Augmentation } from '../../lib/nasiam/index.js';
import { augmentIssues, type PairsDataset } from '../nasiam/common.js';

export interface AugmentedPairsConfig {
  source: 'mnist';
  train: number;
  test: number;
  augment: string[];
  shift: number;
  noise: number;
  brightness: number;
  erase: number;
}


function issues(c: AugmentedPairsConfig): ConfigIssue[] {
  const size: ConfigIssue[] =
    c.train + c.test <= MNIST_POOL_SIZE ? [] : [{ path: ['test'], message: `train + test is ${c.train + c.test}; the package has ${MNIST_POOL_SIZE} digits`, hint: `at most ${MNIST_POOL_SIZE - c.train}` }];
  return [...augmentIssues(c.augment), ...size];
}

export const augmentedPairsPlugin = definePlugin<AugmentedPairsConfig, PairsDataset>({
  id: 'data/augmented_pairs',
  version: '1.0.0',
  kind: 'data',
  description: 'Images with two seeded random augmentations each, for siamese self-supervision',
  configSchema: {
    type: 'object',
    properties: {
      source: { enum: ['mnist'], default: 'mnist' },
      train: { type: 'integer', minimum: 1, maximum: MNIST_POOL_SIZE - 1, default: 4000 },
      test: { type: 'integer', minimum: 1, maximum: MNIST_POOL_SIZE - 1, default: 1000 },
      augment: { type: 'array', items: { type: 'string' }, default: ['crop', 'noise'], description: `any of ${AUGMENTATIONS.join(', ')}, applied in order` },
      shift: { type: 'integer', minimum: 0, default: 3, description: 'crop: largest shift in pixels' },
      noise: { ...positiveNumber, default: 0.2, description: 'noise: Gaussian std' },
      brightness: { type: 'number', minimum: 0, maximum: 1, default: 0.4, description: 'brightness: factor in [1 − b, 1 + b]' },
      erase: { type: 'integer', minimum: 1, default: 8, description: 'erase: side of the zeroed square' },
    },
    additionalProperties: false,
  },
  inputs: {},
  output: 'Dataset.pairs',
  // Like data mnist: re-reading the package is quicker than a ~40 MB cache entry.
  cache: false,
  check: issues,
  async run(ctx, _inputs, c) {
    for (const i of issues(c)) ctx.configError(i.path, i.message, i.hint);
    const ds = mnistDataset(await loadMnistPool(), { train: c.train, test: c.test, flatten: false }, ctx.rng.fork('split'));
    const augment = c.augment as Augmentation[];
    const pairs = { augment, shift: c.shift, noise: c.noise, brightness: c.brightness, erase: c.erase, seed: ctx.rng.fork('views').nextSeed() };
    ctx.log(`augmented pairs of ${c.source}: ${c.train} train / ${c.test} test, views by [${augment.join(', ')}]`);
    return { output: { ...ds, pairs }, result: { inputShape: ds.inputShape, train: c.train, test: c.test, augment } };
  },
  docs: 'Two random views per image, drawn when a stage takes a batch, from a stream seeded here. See docs/plugins/data-augmented_pairs.md.',
});
