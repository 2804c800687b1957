/** `data mnist { train: 8000, test: 2000 }` → Dataset: a seeded split of the mnist package's digits. */
import { definePlugin, type ConfigIssue } from '../../kernel/plugin.js';
import { classCounts, loadMnistPool, MNIST_POOL_SIZE, mnistDataset, type TensorDataset } from '../../lib/data/index.js';

export interface MnistConfig {
  train: number;
  test: number;
  flatten: boolean;
}

function sizeIssues(c: MnistConfig): ConfigIssue[] {
  if (c.train + c.test <= MNIST_POOL_SIZE) return [];
  const message = `train + test is ${c.train + c.test}; the package has ${MNIST_POOL_SIZE} digits`;
  return [{ path: ['test'], message, hint: `at most ${MNIST_POOL_SIZE - c.train}` }];
}

export const mnistPlugin = definePlugin<MnistConfig, TensorDataset>({
  id: 'data/mnist',
  version: '1.0.0',
  kind: 'data',
  description: 'MNIST digits (10,000 from the mnist package), split train/test by the pipeline seed',
  configSchema: {
    type: 'object',
    properties: {
      train: { type: 'integer', minimum: 1, maximum: MNIST_POOL_SIZE - 1, default: 8000 },
      test: { type: 'integer', minimum: 1, maximum: MNIST_POOL_SIZE - 1, default: 2000 },
      flatten: { type: 'boolean', default: false },
    },
    additionalProperties: false,
  },
  inputs: {},
  output: 'Dataset',
  // Reading the JSON takes about a second; a cached copy on disk would be ~40 MB.
  cache: false,
  check: sizeIssues,
  async run(ctx, _inputs, c) {
    for (const i of sizeIssues(c)) ctx.configError(i.path, i.message, i.hint);
    const ds = mnistDataset(await loadMnistPool(), c, ctx.rng.fork('split'));
    ctx.log(`mnist: ${c.train} train / ${c.test} test, input [${ds.inputShape.join(', ')}]`);
    return {
      output: ds,
      result: {
        inputShape: ds.inputShape,
        train: c.train,
        test: c.test,
        trainClassCounts: classCounts(ds.splits.train, ds.numClasses),
        testClassCounts: classCounts(ds.splits.test, ds.numClasses),
      },
    };
  },
  docs: 'Seeded, disjoint train/test split of the 10,000 digits of the `mnist` package; pixels in [0, 1]. See docs/plugins/data-mnist.md.',
});
