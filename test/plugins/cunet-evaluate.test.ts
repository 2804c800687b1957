/**
 * `evaluate segmentation` through the kernel on the cpu backend: PNG folders written per test, a
 * tiny untrained U-Net from a fixture plugin, and scores checked against an untiled direct
 * computation; then the bad options, reported at their place in the .pipe file.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { definePlugin } from '../../kernel/plugin.js';
import { createRng } from '../../kernel/rng.js';
import { preparePipe } from '../../kernel/session.js';
import { cpuBackend } from '../../plugins/backends/cpu.js';
import { backends } from '../../plugins/backends/index.js';
import { plugins as cunetPlugins } from '../../plugins/cunet/index.js';
import { imagesPlugin } from '../../plugins/data/images.js';
import { segmentationEvalPlugin } from '../../plugins/evaluate/segmentation.js';
import { initSegModel, segmentationLogits, type SegModel, type UNetSpec } from '../../lib/cunet/index.js';
import { accumulate, backgroundConfusion, dice, emptyConfusion, encodeGreyPng, iou, pixelError } from '../../lib/images/index.js';
import { byType, runText, tempHome } from '../kernel/run-helpers.js';

const SPEC: UNetSpec = { type: 'unet', block: 'plain', inputChannels: 1, levels: 2, baseChannels: 2, steps: 1, activation: 'relu', norm: true, epsilon: 1e-5 };
const fixedModel = () => initSegModel(SPEC, createRng(5, 'fixture'));
const fixture = definePlugin<Record<string, never>, SegModel>({
  id: 'model/fixture_unet',
  version: '1.0.0',
  kind: 'model',
  description: 'a fixed tiny untrained U-Net (tests only)',
  configSchema: { type: 'object', properties: {}, additionalProperties: false },
  inputs: { data: { type: 'Dataset.segmentation' } },
  output: 'Model.segmentation',
  async run() {
    return { output: fixedModel() };
  },
});
const sources = [{ origin: 'test', plugins: [imagesPlugin, segmentationEvalPlugin, fixture], backends: [cpuBackend] }];
const S = 16;

async function writeSet(home: string) {
  await mkdir(join(home, 'img'), { recursive: true });
  await mkdir(join(home, 'lab'), { recursive: true });
  for (let i = 0; i < 5; i++) {
    const img = new Uint8Array(S * S).map((_, p) => 128 + Math.round(100 * Math.sin(p * 0.37 + i)));
    await writeFile(join(home, 'img', `${i}.png`), encodeGreyPng(img, S, S));
    await writeFile(join(home, 'lab', `${i}.png`), encodeGreyPng(img.map((v) => (v > 140 ? 255 : 0)), S, S));
  }
}

const evalLine = (opts: string) => `  evaluate segmentation from model, data { ${opts} }`;
const pipe = (opts: string) => `pipeline p {
  backend cpu
  seed 2
  data images as data { dir: "img", labels: "lab", crop: 8, validation: 2 }
  model fixture_unet as model {}
${evalLine(opts)}
}`;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('evaluate segmentation', () => {
  let home: string;
  beforeEach(async () => {
    home = await tempHome();
    await writeSet(home);
  });
  afterEach(() => rm(home, { recursive: true, force: true }));

  it('scores whole images like a direct untiled computation, names noisy metrics, draws predictions', async () => {
    const { end, result } = await runText(pipe('noise: [0, 0.1], tile: 64, show: 1'), home, { sources, noCache: true });
    expect(end.status).toBe('ok');
    const m = end.stages.evaluate!.metrics;

    // Oracle: the whole validation images (3.png, 4.png) through segmentationLogits at once.
    const model = fixedModel();
    const imgs: number[] = [];
    const truth: number[] = [];
    for (const i of [3, 4]) {
      const img = new Uint8Array(S * S).map((_, p) => 128 + Math.round(100 * Math.sin(p * 0.37 + i)));
      imgs.push(...[...img].map((v) => v / 255));
      truth.push(...[...img].map((v) => (v > 140 ? 1 : 0)));
    }
    const logits = segmentationLogits(model, tf.tensor4d(imgs, [2, S, S, 1]));
    const c = accumulate(emptyConfusion(), await logits.data(), truth);
    logits.dispose();
    // Float32 convolutions in the same backend, same order: equal up to rounding of near-zero logits.
    expect(m.dice).toBeCloseTo(dice(c), 6);
    expect(m.iou).toBeCloseTo(iou(c), 6);
    expect(m.pixel_error).toBeCloseTo(pixelError(c), 6);
    expect(m.dice_membrane).toBeCloseTo(dice(backgroundConfusion(c)), 6);
    for (const k of ['dice_noise_0.1', 'iou_noise_0.1', 'pixel_error_noise_0.1', 'dice_membrane_noise_0.1', 'dice_all_foreground', 'params']) expect(Number.isFinite(m[k])).toBe(true);
    const fig = [...result.records.values()][0]!.get('evaluate')!.record.figures;
    expect(fig.map((f) => f.title)).toEqual(['Dice under Gaussian noise', 'Predictions on validation images (evaluate)']);
    expect(fig[1]!.svg.match(/<image /g)).toHaveLength(5);
  });

  it('small overlapping tiles run, and only the requested metrics are reported', async () => {
    const { end } = await runText(pipe('noise: [0], tile: 8, overlap: 4, metrics: [dice]'), home, { sources, noCache: true });
    expect(end.status).toBe('ok');
    const m = end.stages.evaluate!.metrics;
    expect(m.dice).toBeGreaterThanOrEqual(0);
    expect(m.iou).toBeUndefined();
  });

  it('the same pipeline seed gives the same noisy scores', async () => {
    const a = (await runText(pipe('noise: [0.2], show: 0'), home, { sources, noCache: true })).end.stages.evaluate!.metrics;
    const b = (await runText(pipe('noise: [0.2], show: 0'), home, { sources, noCache: true })).end.stages.evaluate!.metrics;
    expect(b['dice_noise_0.2']).toBe(a['dice_noise_0.2']);
  });

  it('a tile that does not fit the U-Net, and a missing split, fail at the option', async () => {
    for (const [opts, message, at] of [
      ['tile: 7', /tiles of 7×7 do not fit a 2-level U-Net, which needs multiples of 2/, '7'],
      ['split: test', /no images in split 'test'/, 'test'],
    ] as const) {
      const { end, events } = await runText(pipe(opts), home, { sources, noCache: true });
      expect(end.status).toBe('error');
      const err = byType(events, 'stage:error')[0]!;
      expect(err.message).toMatch(message);
      expect(err.location).toMatch(new RegExp(`t\\.pipe:6:${evalLine(opts).indexOf(at) + 1}$`));
    }
  });

  it('overlap ≥ tile is reported by check, before running', async () => {
    const prep = await preparePipe(join(home, 'e.pipe'), { builtins: sources, text: pipe('tile: 8, overlap: 8') });
    const errs = prep.diagnostics.filter((d) => d.severity === 'error');
    expect(errs).toHaveLength(1);
    expect(errs[0]!.message).toMatch(/overlap 8 must be smaller than tile 8/);
    expect(errs[0]!.range.start.line).toBe(6);
  });
});

test('the shipped pipelines link, each evaluate stage scoring its own trained branch', async () => {
  const area = [{ origin: 'builtin:cunet', plugins: cunetPlugins, backends }];
  for (const file of ['pipelines/cunet-membrane.pipe', 'pipelines/cunet-quick.pipe']) {
    const p = await preparePipe(join(process.cwd(), file), { builtins: area });
    expect(p.diagnostics).toEqual([]);
    const stages = Object.fromEntries(p.plan!.units[0]!.stages.map((s) => [s.name, s]));
    expect(stages.cunet_eval!.inputs).toEqual({ model: 'cunet_trained', data: 'membrane' });
    expect(stages.unet_eval!.inputs).toEqual({ model: 'unet_trained', data: 'membrane' });
  }
});
