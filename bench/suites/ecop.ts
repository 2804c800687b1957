/**
 * Memory and time of one second-order meta-training step for INRs (28×28 MNIST digits, SIREN
 * 3 layers × 64, meta-batch 2): MAML with K full-context inner steps for several K, and ECoP
 * with 16 inner steps on 25% of the context (with its bootstrap). Peak memory is tf.profile's
 * high-water mark of tensor bytes during the step minus the bytes resident before it
 * (lib/meta/memory.ts). The matched MAML budget is the largest K whose peak fits under ECoP's.
 *
 * Values (higher is better): outer steps/s for each method; for ECoP also "× less memory"
 * against MAML with as many (16) full-context steps.
 */
import { createRng } from '../../kernel/rng.js';
import { loadMnistPool } from '../../lib/data/index.js';
import { initSiren, metaTrainSiren, mnistSignals, type InrMethod, type SirenSpec } from '../../lib/inr/index.js';
import type { BenchResult, BenchSuite } from '../types.js';

const MIB = 2 ** 20;

export const ecopSuite: BenchSuite = {
  name: 'ecop',
  description: 'one second-order meta step for INRs: peak memory and time, MAML (K full steps) vs ECoP (16 pruned steps)',
  params: (quick) => ({ size: quick ? 14 : 28, width: 64, metaBatch: 2, steps: quick ? 3 : 5, mamlSteps: quick ? [1, 2, 4] : [1, 2, 3, 4, 5, 6, 16] }),
  skip: (backend, quick) => (backend === 'cpu' && !quick ? 'second-order steps on cpu take minutes; use --quick' : undefined),
  async *run(opts, params) {
    const size = params.size as number;
    const set = mnistSignals(await loadMnistPool(), { size, train: 64, test: 1 }, createRng(1, 'bench-ecop'));
    const spec: SirenSpec = { type: 'siren', inDim: 2, outDim: 1, layers: 3, width: params.width as number, w0: 30 };
    const measure = async (m: InrMethod) => {
      const r = await metaTrainSiren(initSiren(spec, createRng(2, 'init')), set, m, {
        outerSteps: params.steps as number,
        outerLr: 1e-4,
        metaBatch: params.metaBatch as number,
        clip: 1,
        rng: createRng(3, 'batches'),
      });
      return { peak: r.peakBytes, ms: r.msPerStep };
    };
    const base = { innerLr: 1e-2, order: 'second' as const, rescale: false };
    const maml = new Map<number, { peak: number; ms: number }>();
    for (const k of params.mamlSteps as number[]) {
      const r = await measure({ ...base, innerSteps: k, keep: 1 });
      maml.set(k, r);
      opts.log(`maml K=${k}: peak ${(r.peak / MIB).toFixed(1)} MiB, ${r.ms.toFixed(0)} ms/step`);
      yield { bench: `inr-maml-k${k}-${size}px`, backend: opts.backend, value: 1000 / r.ms, unit: 'steps/s', note: `peak ${(r.peak / MIB).toFixed(1)} MiB` } satisfies BenchResult;
    }
    const ecop = await measure({ ...base, innerSteps: 16, keep: 0.25, rescale: true, bootstrap: { steps: 5, lr: 5e-2, lambda: 100, distance: 'squared' } });
    const fits = [...maml].filter(([, r]) => r.peak <= ecop.peak).map(([k]) => k);
    const matched = fits.length ? Math.max(...fits) : 0;
    const full16 = maml.get(16);
    yield {
      bench: `inr-ecop-k16-keep25-${size}px`,
      backend: opts.backend,
      value: full16 ? full16.peak / ecop.peak : 1000 / ecop.ms,
      unit: full16 ? '× less memory than MAML K=16' : 'steps/s',
      note: `peak ${(ecop.peak / MIB).toFixed(1)} MiB, ${ecop.ms.toFixed(0)} ms/step; MAML fits ${matched} full steps in that memory`,
    } satisfies BenchResult;
  },
};
