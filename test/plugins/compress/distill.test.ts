/**
 * compress distill: ports resolve student, teacher, data; a teacher with another output size
 * is a diagnostic on the stage; with a baseline and two seeds, both runs are reported.
 */
import * as tf from '@tensorflow/tfjs';
import type { TensorDataset } from '../../../lib/data/index.js';
import { initModel, mlpSpec } from '../../../lib/nn/index.js';
import { distillPlugin } from '../../../plugins/compression/index.js';
import { sgdPlugin } from '../../../plugins/nn/index.js';
import { blobs, createRng } from '../../lib/nn/helpers.js';
import { FakeConfigError, runPlugin } from '../nn/fake-context.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const data: TensorDataset = { kind: 'tensor', inputShape: [8], numClasses: 3, splits: { train: blobs(3, 30, 8, 1), test: blobs(3, 20, 8, 2) } };

test('distillation with a label-only baseline over two seeds', async () => {
  const teacher = (await runPlugin(sgdPlugin, { model: initModel(mlpSpec({ inputShape: [8], units: [32, 3], activation: 'relu', dropout: 0 }), createRng(1)), data }, { epochs: 4, batch: 15, lr: 0.05 })).result.output;
  const student = initModel(mlpSpec({ inputShape: [8], units: [4, 3], activation: 'relu', dropout: 0 }), createRng(2));
  const { result, rec } = await runPlugin(distillPlugin, { student, teacher, data }, { epochs: 3, batch: 15, baseline: true, seeds: 2, optimizer: 'adam', lr: 0.01 });
  const m = (n: string) => rec.metrics.filter((x) => x.name === n).at(-1)?.value;
  for (const n of ['accuracy', 'teacher_accuracy', 'distilled_accuracy_mean', 'baseline_accuracy_mean', 'distillation_gain', 'size_bytes', 'compression_ratio']) expect(m(n)).toBeDefined();
  expect(m('teacher_accuracy')).toBeGreaterThan(0.9);
  expect(m('compression_ratio')).toBeGreaterThan(1);
  expect((result.result as { distilled: number[] }).distilled).toHaveLength(2);
  expect(result.output.arch).toEqual(student.arch);
});

test('a teacher whose output size differs from the student’s is a diagnostic on the stage', async () => {
  const teacher = initModel(mlpSpec({ inputShape: [8], units: [4, 5], activation: 'relu', dropout: 0 }), createRng(1));
  const student = initModel(mlpSpec({ inputShape: [8], units: [4, 3], activation: 'relu', dropout: 0 }), createRng(2));
  const err = await runPlugin(distillPlugin, { student, teacher, data }, { epochs: 1 }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(FakeConfigError);
  expect((err as FakeConfigError).message).toMatch(/teacher has 5 outputs but the student has 3/);
  expect(Object.keys(distillPlugin.inputs)).toEqual(['student', 'teacher', 'data']);
});
