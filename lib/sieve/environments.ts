/**
 * A classifier's accuracy per environment and its colour reliance, with the names scripts read:
 * `train_accuracy`, `test_accuracy`, `accuracy_<environment>` (`accuracy_env0.1`, ...), and for
 * images with several channels `color_kept_accuracy` / `color_flipped_accuracy` (the test images
 * as they are, and with their channels swapped; a colour-blind model scores the same on both).
 */
import { isColoredMnist, swapColorChannels, type TensorDataset } from '../data/index.js';
import { evaluateClassifier, type ModelSpec, type ParamTensors } from '../nn/index.js';

export async function environmentMetrics(spec: ModelSpec, params: ParamTensors, ds: TensorDataset, batchSize = 500): Promise<Record<string, number>> {
  const acc = async (split: string | TensorDataset['splits'][string]) => {
    const s = typeof split === 'string' ? ds.splits[split]! : split;
    return (await evaluateClassifier(spec, params, s, ds.numClasses, batchSize)).accuracy;
  };
  const out: Record<string, number> = {};
  out.train_accuracy = await acc('train');
  out.test_accuracy = await acc('test');
  if (isColoredMnist(ds)) {
    for (const env of ds.environments) {
      out[`accuracy_${env.name}`] = env.split === 'train' ? out.train_accuracy : env.split === 'test' ? out.test_accuracy : await acc(env.split);
    }
  }
  const channels = ds.inputShape.length === 3 ? ds.inputShape[2]! : 1;
  if (channels > 1) {
    out.color_kept_accuracy = out.test_accuracy;
    out.color_flipped_accuracy = await acc(swapColorChannels(ds.splits.test, ds.inputShape));
  }
  return out;
}
