/**
 * What fits: peak tensor memory (and speed) of U-Net / Continuous U-Net inference per tile side,
 * and of one training step (forward + backward, BCE + Dice) per crop side at batch 4 (ODE blocks
 * with and without RK4 checkpointing), for the two networks of pipelines/cunet-membrane.pipe. The numbers behind the "what fits" table of
 * docs/techniques/continuous-unet.md: `evaluate segmentation` holds one batch of tiles at a
 * time, `train segmentation` one batch of crops.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../kernel/rng.js';
import { countParams, initSegModel, segLoss, unetForward, type UNetSpec } from '../../lib/cunet/index.js';
import { measurePeakBytes } from '../../lib/meta/memory.js';
import { paramsToTensors, paramsToVariables } from '../../lib/nn/index.js';
import type { BenchResult, BenchSuite } from '../types.js';

const MIB = 1024 * 1024;

export const segmentationMemorySuite: BenchSuite = {
  name: 'segmentation-memory',
  description: 'peak tensor MiB and speed of U-Net / Continuous U-Net inference per tile and of a training step per crop',
  params: (quick) => ({ tiles: quick ? [64, 128] : [128, 256, 512], crops: quick ? [64] : [128, 256], batch: 4 }),
  async *run(opts, params) {
    const common = { type: 'unet' as const, inputChannels: 1, levels: 3, activation: 'relu' as const, norm: true, epsilon: 1e-5 };
    const specs: UNetSpec[] = [
      { ...common, block: 'ode', baseChannels: 4, steps: 1 },
      { ...common, block: 'plain', baseChannels: 6, steps: 1 },
    ];
    const rng = createRng(1, 'bench-memory');
    for (const spec of specs) {
      const name = `${spec.block === 'ode' ? 'cunet' : 'unet'}-l${spec.levels}-c${spec.baseChannels}`;
      const model = initSegModel(spec, rng);
      const p = paramsToTensors(model.params);
      for (const side of params.tiles as number[]) {
        const x = tf.randomUniform([1, side, side, 1], 0, 1, 'float32', 7) as tf.Tensor4D;
        const t0 = performance.now();
        const r = await measurePeakBytes(async () => {
          const y = unetForward(spec, p, x);
          await y.data();
          y.dispose();
        });
        const ms = performance.now() - t0;
        x.dispose();
        opts.log(`${name} inference ${side}²: peak ${(r.peakBytes / MIB).toFixed(1)} MiB, ${ms.toFixed(0)} ms`);
        yield { bench: `${name}-infer-${side}`, backend: opts.backend, value: 1000 / ms, unit: 'tiles/s', note: `peak ${(r.peakBytes / MIB).toFixed(1)} MiB, ${countParams(spec)} params` } satisfies BenchResult;
      }
      tf.dispose(Object.values(p));
      const vars = paramsToVariables(model.params);
      const batch = params.batch as number;
      // ODE blocks train either storing every RK4 stage or recomputing each step backward.
      for (const checkpoint of spec.block === 'ode' ? [false, true] : [false]) {
        for (const side of params.crops as number[]) {
          const x = tf.randomUniform([batch, side, side, 1], 0, 1, 'float32', 8) as tf.Tensor4D;
          const y = tf.tidy(() => tf.greater(tf.randomUniform([batch, side, side], 0, 1, 'float32', 9), 0.2).toFloat());
          const t0 = performance.now();
          const r = await measurePeakBytes(async () => {
            const { value, grads } = tf.variableGrads(() => segLoss('bce_dice', tf.squeeze(unetForward(spec, vars, x, { checkpoint }), [3]), y));
            await value.data();
            tf.dispose([value, ...Object.values(grads)]);
          });
          const ms = performance.now() - t0;
          tf.dispose([x, y]);
          const label = `${name}${checkpoint ? '-checkpoint' : ''}-train-b${batch}-crop${side}`;
          opts.log(`${label}: peak ${(r.peakBytes / MIB).toFixed(1)} MiB, ${ms.toFixed(0)} ms`);
          yield { bench: label, backend: opts.backend, value: 1000 / ms, unit: 'steps/s', note: `peak ${(r.peakBytes / MIB).toFixed(1)} MiB` } satisfies BenchResult;
        }
      }
      tf.dispose(Object.values(vars));
    }
  },
};
