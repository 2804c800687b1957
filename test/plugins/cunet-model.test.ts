/**
 * model unet / model cunet / train segmentation as a pipeline chains them (cpu backend, an
 * in-memory segmentation set), and the errors that point at an option of the .pipe.
 */
import * as tf from '@tensorflow/tfjs';
import { countParams, syntheticSegmentation, type SegModel } from '../../lib/cunet/index.js';
import { plugins } from '../../plugins/cunet/index.js';
import { cunetPlugin } from '../../plugins/model/cunet.js';
import { unetPlugin } from '../../plugins/model/unet.js';
import { segmentationTrainPlugin } from '../../plugins/train/segmentation.js';
import { createRng, useCpu } from '../lib/cunet/helpers.js';
import { FakeConfigError, runPlugin, validated } from './nn/fake-context.js';

beforeAll(useCpu);

const data = syntheticSegmentation(2, 16, createRng(1, 'data'));

test('the area registers the model and train stages', () => {
  expect(plugins.map((p) => p.id)).toEqual(expect.arrayContaining(['model/unet', 'model/cunet', 'train/segmentation']));
});

test('model cunet and model unet log and report their parameter counts', async () => {
  const { result: c, rec } = await runPlugin(cunetPlugin, { data }, { levels: 3, base_channels: 4, steps: 3 });
  expect(c.output.arch).toMatchObject({ type: 'unet', block: 'ode', levels: 3, baseChannels: 4, steps: 3, inputChannels: 1 });
  expect(rec.metrics).toEqual([{ name: 'params', value: countParams(c.output) }]);
  expect(rec.logs[0]).toContain('RK4, 3 steps');
  const { result: u } = await runPlugin(unetPlugin, {}, { levels: 3, channels: 3 });
  expect(u.output.arch).toMatchObject({ block: 'plain', baseChannels: 8, norm: true, inputChannels: 3 });
});

test('match_params picks the plain width closest to the ODE model', async () => {
  const { result: c } = await runPlugin(cunetPlugin, {}, {});
  const target = countParams(c.output);
  const { result: u, rec } = await runPlugin(unetPlugin, {}, { match_params: target });
  const base = u.output.arch.baseChannels;
  const gap = (b: number) => Math.abs(countParams({ ...u.output.arch, baseChannels: b }) - target);
  expect(gap(base)).toBeLessThanOrEqual(gap(base - 1));
  expect(gap(base)).toBeLessThanOrEqual(gap(base + 1));
  expect(rec.logs[1]).toContain(`→ base_channels ${base}`);
});

test('config problems point at the option', async () => {
  expect(cunetPlugin.check!(validated(cunetPlugin, { base_channels: 4, match_params: 1000 }))).toEqual([expect.objectContaining({ path: ['match_params'] })]);
  expect(() => validated(cunetPlugin, { steps: 0 })).toThrow(/steps/);
  expect(() => validated(unetPlugin, { levels: 0 })).toThrow(/levels/);
  const e = await runPlugin(unetPlugin, { data }, { channels: 3 }).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(FakeConfigError);
  expect((e as FakeConfigError).path).toEqual(['channels']);
});

test('train segmentation: per-epoch loss, epoch_seconds and validation dice; no leaked tensors', async () => {
  const model = (await runPlugin(cunetPlugin, { data }, { levels: 2, base_channels: 2, steps: 1 })).result.output;
  const before = tf.memory().numTensors;
  const cfg = { epochs: 2, steps_per_epoch: 2, batch_size: 2, crop: 8, validation_crops: 2 };
  const { result, rec } = await runPlugin(segmentationTrainPlugin, { model, data }, cfg, 3);
  expect(tf.memory().numTensors).toBe(before);
  for (const name of ['loss', 'epoch_seconds', 'validation_dice']) expect(rec.metrics.filter((m) => m.name === name).map((m) => m.step)).toEqual([1, 2]);
  const trained: SegModel = result.output;
  expect(trained.meta?.training).toMatchObject({ epochs: 2, crop: 8, loss: 'bce', backend: 'cpu' });
  expect(rec.logs[0]).toContain('2 epochs × 2 steps, batch 2 of 8×8 crops');
  expect(rec.progress.at(-1)).toMatchObject({ done: 4, total: 4 });
});

test('train segmentation refuses a crop the network cannot halve, at `crop`', async () => {
  const model = (await runPlugin(unetPlugin, { data }, { levels: 3, base_channels: 2 })).result.output;
  const e = await runPlugin(segmentationTrainPlugin, { model, data }, { crop: 10 }).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(FakeConfigError);
  expect((e as FakeConfigError).path).toEqual(['crop']);
  expect((e as FakeConfigError).hint).toBe('use crop: 8 (here)');
  const big = await runPlugin(segmentationTrainPlugin, { model, data }, { crop: 32 }).catch((x: unknown) => x);
  expect((big as FakeConfigError).message).toMatch(/larger than the 16×16 images/);
});
