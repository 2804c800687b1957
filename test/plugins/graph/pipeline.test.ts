/**
 * The graph stages chained as a pipeline would chain them (cpu backend, a TU folder written to
 * a temp dir): data tu → model gin → train graph → evaluate cv, and the errors that point the
 * user at an option of the .pipe.
 */
import * as tf from '@tensorflow/tfjs';
import { DiagnosticError } from '../../../dsl/diagnostics.js';
import type { Plugin, StageResult } from '../../../kernel/plugin.js';
import type { GraphDataset, GraphModel } from '../../../lib/graph/index.js';
import { cvPlugin, gcnPlugin, ginPlugin, graphTrainPlugin, plugins, tuPlugin } from '../../../plugins/graph/index.js';
import type { CvMetrics } from '../../../plugins/evaluate/cv.js';
import { cycle, star, useCpu } from '../../lib/graph/helpers.js';
import { tuFiles, tuFilesOf, writeTu, type TuFolder } from '../../lib/graph/tu-fixture.js';
import { fakeContext, FakeConfigError, runPlugin, validated } from '../nn/fake-context.js';

beforeAll(useCpu);

// 6 cycles (class 0) and 6 stars (class 1), every node labelled 0: only structure tells them apart.
const graphs = [4, 5, 6, 7, 8, 9].flatMap((n) => [cycle(n, 0), star(n - 1, 1)]);
const folders: TuFolder[] = [];
afterAll(() => folders.forEach((f) => f.cleanup()));
function tu(files: Record<string, string[] | null>, name = 'TOY'): TuFolder {
  const f = writeTu(name, files);
  folders.push(f);
  return f;
}
const good = tu(tuFilesOf(graphs));

async function configError(run: Promise<unknown>): Promise<FakeConfigError> {
  const e = await run.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(FakeConfigError);
  return e as FakeConfigError;
}

test('the graph area offers its five stages', () => {
  expect(plugins.map((p) => p.id).sort()).toEqual(['data/tu', 'evaluate/cv', 'model/gcn', 'model/gin', 'train/graph']);
});

test('data tu → model gin → train graph → evaluate cv', async () => {
  const before = tf.memory().numTensors;
  const data = (await runPlugin(tuPlugin, {}, { name: 'TOY', root: good.root, folds: 3 }, 5)).result.output;
  expect([data.numGraphs, data.featureDim, data.folds?.k]).toEqual([12, 1, 3]);
  // Stratified: each fold holds two graphs of each class.
  for (let f = 0; f < 3; f++) for (const c of [0, 1]) expect(Array.from(data.y).filter((y, g) => y === c && data.folds!.of[g] === f)).toHaveLength(2);

  const model = (await runPlugin(ginPlugin, { data }, { layers: 3, hidden: 8, dropout: 0 }, 5)).result.output;
  expect([model.arch.inputDim, model.arch.numClasses, model.arch.eps, model.arch.aggregate]).toEqual([1, 2, 0, 'sum']);

  const trainCfg = { epochs: 3, batch: 6, lr: 0.02, schedule: { $kind: 'call', name: 'step', args: [], kwargs: { halve_every: 2 } }, holdout_fold: 0 };
  const { result: trained, rec: trainRec } = await runPlugin(graphTrainPlugin, { model, data }, trainCfg, 5);
  const recipe = trained.output.meta!.recipe as Record<string, unknown>;
  expect([recipe.epochs, recipe.batch, recipe.optimizer]).toEqual([3, 6, 'adam']);
  expect(trainRec.metrics.filter((m) => m.name === 'test_accuracy').map((m) => m.step)).toEqual([1, 2, 3]);
  // halve_every: 2 epochs → the third epoch runs at half the rate.
  expect(trainRec.metrics.filter((m) => m.name === 'lr').map((m) => m.value)).toEqual([0.02, 0.02, 0.01]);
  expect(trainRec.logs[0]).toContain('8 training graphs, fold 0 (4) held out');

  const { ctx, rec } = fakeContext(cvPlugin as Plugin, 5);
  const figures: string[] = [];
  ctx.figure = (title) => void figures.push(title);
  const cv = (await cvPlugin.run(ctx, { data, model: trained.output }, validated(cvPlugin, {}))) as StageResult<CvMetrics>;
  expect(rec.metrics.filter((m) => m.name === 'fold_accuracy').map((m) => m.step)).toEqual([1, 2, 3]);
  expect(rec.metrics.filter((m) => m.name === 'mean_test_accuracy')).toHaveLength(3);
  const { accuracy, accuracy_std } = cv.output.values;
  const mean = cv.output.folds.reduce((a, b) => a + b, 0) / 3;
  expect(accuracy).toBeCloseTo(mean, 12);
  expect(accuracy_std).toBeCloseTo(Math.sqrt(cv.output.folds.reduce((a, b) => a + (b - mean) ** 2, 0) / 3), 12);
  expect(figures).toEqual(['TOY: test accuracy per fold', 'TOY: training loss per fold']);
  expect(rec.logs[0]).toContain('3-fold CV');
  expect(rec.logs[0]).toContain('3 epochs, batch 6');
  expect(tf.memory().numTensors).toBe(before);
});

test('evaluate cv on an untrained model uses the paper recipe', async () => {
  const data = (await runPlugin(tuPlugin, {}, { name: 'TOY', root: good.root, folds: 3 })).result.output;
  const model = (await runPlugin(gcnPlugin, { data }, { layers: 2, hidden: 4 })).result.output;
  const stop = new AbortController();
  stop.abort();
  const { ctx, rec } = fakeContext(cvPlugin as Plugin, 1, stop.signal);
  await expect(cvPlugin.run(ctx, { data, model }, validated(cvPlugin, { folds: 2 })) as Promise<unknown>).rejects.toThrow();
  expect(rec.logs[0]).toContain("adam, lr 0.01 with step(halve_every: 50), 350 epochs, batch 32 (the paper's");
});

test('a fold count above the smallest class points at folds', async () => {
  const e = await configError(runPlugin(tuPlugin, {}, { name: 'TOY', root: good.root, folds: 7 }));
  expect(e.path).toEqual(['folds']);
  expect(e.message).toBe("7 folds, but class '0' of TOY has only 6 graphs: some fold would test on none of it");
  const data = (await runPlugin(tuPlugin, {}, { name: 'TOY', root: good.root, folds: 2 })).result.output;
  const model = (await runPlugin(ginPlugin, { data }, {})).result.output;
  expect((await configError(runPlugin(cvPlugin, { data, model }, { folds: 7 }))).path).toEqual(['folds']);
});

test('a missing folder or file, or features the set lacks, point at the option', async () => {
  const missing = await configError(runPlugin(tuPlugin, {}, { name: 'TOY', root: tu({ ...tuFiles(), A: null }).root }));
  expect(missing.path).toEqual(['name']);
  expect(missing.message).toContain('TOY_A.txt missing');
  const typo = await configError(runPlugin(tuPlugin, {}, { name: 'TOYS', root: good.root }));
  expect([typo.path, typo.hint]).toEqual([['name'], "did you mean 'TOY'?"]);
  const root = await configError(runPlugin(tuPlugin, {}, { name: 'TOY', root: '/nonexistent/tu' }));
  expect(root.path).toEqual(['root']);
  const labels = await configError(runPlugin(tuPlugin, {}, { name: 'TOY', root: tu({ ...tuFiles(), node_labels: null }).root, folds: 2, features: 'labels' }));
  expect(labels.path).toEqual(['features']);
});

test('a malformed data file is a diagnostic at its own file, line and column', async () => {
  const files = tuFiles();
  files.A[4] = '3, 99';
  const f = tu(files);
  const e = await runPlugin(tuPlugin, {}, { name: 'TOY', root: f.root, folds: 2 }).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(DiagnosticError);
  const d = (e as DiagnosticError).diagnostics[0]!;
  expect([d.code, d.file, d.range.start.line, d.range.start.column]).toEqual(['TU004', `${f.root}/TOY/TOY_A.txt`, 5, 4]);
});

test('option checks: max aggregation has no ε, a held-out fold must exist, one schedule only', async () => {
  expect(ginPlugin.check!(validated(ginPlugin, { aggregate: 'max', eps: 'learn' }))[0]!.path).toEqual(['eps']);
  expect(ginPlugin.check!(validated(ginPlugin, { aggregate: 'mean', eps: 'learn' }))).toEqual([]);
  const step = { $kind: 'call', name: 'step', args: [0.01], kwargs: { halve_every: 50 } };
  expect(graphTrainPlugin.check!(validated(graphTrainPlugin, { lr: step, schedule: step }))[0]!.path).toEqual(['schedule']);
  const data = (await runPlugin(tuPlugin, {}, { name: 'TOY', root: good.root, folds: 3 })).result.output as GraphDataset;
  const model = (await runPlugin(ginPlugin, { data }, { layers: 2, hidden: 4 })).result.output as GraphModel;
  expect((await configError(runPlugin(graphTrainPlugin, { model, data }, { epochs: 1, holdout_fold: 3 }))).path).toEqual(['holdout_fold']);
});
