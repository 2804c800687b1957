/**
 * Training speed of the Continuous U-Net (ODE blocks, RK4) and of a plain U-Net with about the
 * same parameter count, as `train segmentation` runs them: 4 levels, random 1-channel crops with
 * their masks (synthetic: thresholded smooth noise, so no data files are needed), BCE, Adam,
 * RK4 steps checkpointed (the stage's default).
 * Reports seconds per epoch of `steps` optimizer steps (lower is better, so the value is
 * epochs per second and the note gives seconds per epoch).
 */
import { createRng } from '../../kernel/rng.js';
import { baseChannelsFor, countParams, fitSegModel, initSegModel, syntheticSegmentation, type UNetSpec } from '../../lib/cunet/index.js';
import { resolveSchedule } from '../../lib/nn/index.js';
import { repPlan, timeIt } from '../measure.js';
import type { BenchSuite } from '../types.js';

export const cunetSuite: BenchSuite = {
  name: 'cunet',
  description: 'U-Net vs Continuous U-Net (RK4 ODE blocks), 4 levels, train epoch on random crops',
  params: (quick) => ({ levels: 4, cunetBase: 8, odeSteps: 2, crop: quick ? 32 : 64, batch: 2, steps: quick ? 2 : 5 }),
  skip: (backend, quick) => (backend === 'cpu' && !quick ? 'cpu takes minutes per epoch; use --quick' : undefined),
  async *run(opts, params) {
    const levels = params.levels as number;
    const crop = params.crop as number;
    const batch = params.batch as number;
    const steps = params.steps as number;
    const common = { type: 'unet' as const, inputChannels: 1, levels, steps: params.odeSteps as number, activation: 'relu' as const, norm: true, epsilon: 1e-5 };
    const ode: UNetSpec = { ...common, block: 'ode', baseChannels: params.cunetBase as number };
    const plain: UNetSpec = { ...common, block: 'plain', baseChannels: baseChannelsFor({ ...common, block: 'plain' }, countParams(ode)).baseChannels };
    const ds = syntheticSegmentation(4, 2 * crop, createRng(3, 'bench-data'));
    // cpu needs minutes per epoch even at the quick size: one untimed-warmup-free run there.
    const plan = opts.slow ? { warmup: 0, reps: 1, steps: 1 } : repPlan(opts.quick, opts.slow, { warmup: 1, reps: 3, steps: 1 });
    for (const spec of [plain, ode]) {
      let model = initSegModel(spec, createRng(1, 'bench-init'));
      const t = await timeIt(
        async () => {
          const out = await fitSegModel(model, ds, {
            epochs: 1,
            stepsPerEpoch: steps,
            batchSize: batch,
            lr: resolveSchedule(1e-4),
            loss: 'bce',
            checkpoint: true,
            crop,
            augment: ['flip', 'rotate90'],
            rng: createRng(2, 'bench-loop'),
            cropRng: createRng(3, 'bench-crops'),
          });
          model = out.model;
        },
        plan.warmup,
        plan.reps,
      );
      const name = spec.block === 'ode' ? `cunet-s${spec.steps}` : 'unet';
      yield {
        bench: `${name}-l${levels}-c${spec.baseChannels}-b${batch}-crop${crop}-epoch${steps}`,
        backend: opts.backend,
        value: 1000 / t.medianMs,
        unit: 'epochs/s',
        note: `${(t.medianMs / 1000).toFixed(2)} s/epoch of ${steps} steps, ${countParams(spec)} params${plan.reps === 1 ? ', 1 run' : ''}`,
      };
    }
  },
};
