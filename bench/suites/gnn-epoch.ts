/**
 * One training epoch of GIN-0 on a TU set (PROTEINS by default: 1113 graphs, 43k nodes), as
 * `train graph` runs it: the paper's network (5 representations, hidden 64, 2-layer MLPs,
 * batch norm, sum readout, dropout 0.5), batches of 32 graphs packed block-diagonally, Adam.
 * Reports epochs per second; the PyTorch twin (bench/python/gin_ref.py) runs the same network
 * with index_add_ aggregation on the same batches' sizes.
 */
import { resolve } from 'node:path';
import { initGraphParams, fitGraphModel, readTuDataset, type GraphModelSpec } from '../../lib/graph/index.js';
import { resolveSchedule } from '../../lib/nn/index.js';
import { createRng } from '../../kernel/rng.js';
import { repPlan, timeIt } from '../measure.js';
import type { BenchSuite } from '../types.js';

const tuRoot = () => process.env.PIPEWRIGHT_TU_DIR ?? resolve(process.cwd(), '..', 'shared', 'data', 'tu');

export const gnnEpochSuite: BenchSuite = {
  name: 'gnn-epoch',
  description: 'GIN-0 training epoch on a TU set (PROTEINS; MUTAG with --quick), batch 32',
  pythonScript: 'gin_ref.py',
  params: (quick) => ({ dataset: quick ? 'MUTAG' : 'PROTEINS', root: tuRoot(), layers: 5, hidden: 64, batch: 32 }),
  skip: (backend) => (backend === 'cpu' ? "cpu's UnsortedSegmentSum scans every row once per segment (minutes per epoch)" : undefined),
  async *run(opts, params) {
    const name = params.dataset as string;
    const ds = await readTuDataset(resolve(params.root as string, name), name);
    const spec: GraphModelSpec = {
      type: 'graph',
      kind: 'gin',
      inputDim: ds.featureDim,
      numClasses: ds.numClasses,
      layers: params.layers as number,
      hidden: params.hidden as number,
      mlpLayers: 2,
      eps: 0,
      aggregate: 'sum',
      readout: 'sum',
      dropout: 0.5,
      bnMomentum: 0.9,
      bnEpsilon: 1e-5,
    };
    let model = { arch: spec, params: initGraphParams(spec, createRng(1, 'bench-init')) };
    const all = Int32Array.from({ length: ds.numGraphs }, (_, g) => g);
    const rng = createRng(2, 'bench-train');
    const batch = params.batch as number;
    const plan = repPlan(opts.quick, opts.slow, { warmup: 1, reps: 3, steps: 1 });
    const t = await timeIt(
      async () => {
        const out = await fitGraphModel(model, ds, all, { optimizer: { type: 'adam' }, lr: resolveSchedule(0.01), epochs: plan.steps, batchSize: batch, rng });
        model = out.model;
      },
      plan.warmup,
      plan.reps,
    );
    const epochsPerSec = (plan.steps * 1000) / t.medianMs;
    yield {
      bench: `gin-epoch-${name.toLowerCase()}-h${spec.hidden}-b${batch}`,
      backend: opts.backend,
      value: epochsPerSec,
      unit: 'epochs/s',
      note: `${(1000 / epochsPerSec).toFixed(0)} ms/epoch, ${Math.ceil(ds.numGraphs / batch)} steps`,
    };
  },
};
