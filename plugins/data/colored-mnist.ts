/**
 * `data colored_mnist { train_envs: [0.1, 0.2], test_env: 0.9, label_noise: 0.25 }` → Dataset:
 * Colored MNIST (the IRM recipe) generated from the mnist package's digits and the stage seed.
 */
import { definePlugin, type ConfigIssue } from '../../kernel/plugin.js';
import { positiveInt, probability } from '../../kernel/schema.js';
import { coloredMnistDataset, environmentName, loadMnistPool, MNIST_POOL_SIZE, type ColoredMnistDataset } from '../../lib/data/index.js';

export interface ColoredMnistConfig {
  train_envs: number[];
  test_env: number;
  train_per_env: number;
  test: number;
  label_noise: number;
}


function issues(c: ColoredMnistConfig): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  const seen = new Map<string, number>();
  c.train_envs.forEach((e, i) => {
    const first = seen.get(environmentName(e));
    if (first !== undefined) out.push({ path: ['train_envs', i], message: `environment ${e} is listed twice (also at position ${first + 1})` });
    seen.set(environmentName(e), i);
  });
  const need = c.train_envs.length * c.train_per_env + c.test;
  if (need > MNIST_POOL_SIZE) {
    const message = `${c.train_envs.length} × ${c.train_per_env} training + ${c.test} test digits is ${need}; the package has ${MNIST_POOL_SIZE}`;
    out.push({ path: ['test'], message, hint: `at most ${Math.max(0, MNIST_POOL_SIZE - c.train_envs.length * c.train_per_env)} test digits with these environments` });
  }
  return out;
}

export const coloredMnistPlugin = definePlugin<ColoredMnistConfig, ColoredMnistDataset>({
  id: 'data/colored_mnist',
  version: '1.0.0',
  kind: 'data',
  description: 'Colored MNIST (IRM recipe): 14×14 two-channel digits, label digit<5 with noise, colour tied to the label per environment',
  configSchema: {
    type: 'object',
    properties: {
      train_envs: { type: 'array', items: probability, minItems: 1, default: [0.1, 0.2], description: 'colour-flip probability of each training environment' },
      test_env: { ...probability, default: 0.9, description: 'colour-flip probability of the test environment' },
      train_per_env: { ...positiveInt, default: 2500 },
      test: { ...positiveInt, default: 5000 },
      label_noise: { ...probability, default: 0.25, description: 'probability that the label [digit < 5] is flipped' },
    },
    additionalProperties: false,
  },
  inputs: {},
  output: 'Dataset',
  // Generating takes about as long as reading the mnist package (~1 s); a cached copy is ~16 MB.
  cache: false,
  check: issues,
  async run(ctx, _inputs, c) {
    for (const i of issues(c)) ctx.configError(i.path, i.message, i.hint);
    const options = { trainEnvs: c.train_envs, testEnv: c.test_env, trainPerEnv: c.train_per_env, test: c.test, labelNoise: c.label_noise };
    const ds = coloredMnistDataset(await loadMnistPool(), options, ctx.rng.fork('colored_mnist'));
    const result: Record<string, { n: number; colorFlip: number; labelRate: number; colorAgreement: number }> = {};
    for (const env of ds.environments) {
      const split = env.split === 'test' ? ds.splits.test : ds.splits[env.split]!;
      const color = ds.truth[env.split]!.color;
      let ones = 0;
      let agree = 0;
      for (let i = 0; i < split.n; i++) {
        ones += split.y[i]!;
        agree += Number(color[i] === split.y[i]);
      }
      result[env.name] = { n: split.n, colorFlip: env.colorFlip, labelRate: ones / split.n, colorAgreement: agree / split.n };
    }
    const envs = ds.environments.map((e) => `${e.name} (${e.role}, ${e.n})`).join(', ');
    ctx.log(`colored_mnist: ${envs}; input [${ds.inputShape.join(', ')}], 2 classes`);
    return { output: ds, result: { inputShape: ds.inputShape, environments: result } };
  },
  docs: 'Colored MNIST after Arjovsky et al. (IRM): environments by colour-flip probability, all from the seed. See docs/techniques/feature-sieve.md.',
});
