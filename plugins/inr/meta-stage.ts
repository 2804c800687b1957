/**
 * What `train maml` and `train ecop` share: the outer-loop options, their checks, and the run
 * that meta-trains a SIREN (lib/inr) and evaluates it on the meta-test signals with the
 * method's test-time rule. The trained model carries its test-time rule and its evaluation in
 * `meta`, so `evaluate inr_compare` can draw every branch side by side without re-running.
 */
import type { ConfigIssue, JsonSchema, JsonValue, PluginContext, StageResult } from '../../kernel/plugin.js';
import { positiveInt, positiveNumber } from '../../kernel/schema.js';
import { checkSignalSet, evaluateSiren, imageGridSvg, metaTrainSiren, type InrMethod, type SignalSet, type SirenModel } from '../../lib/inr/index.js';

export interface OuterConfig {
  inner_steps: number;
  inner_lr: number;
  first_order: boolean;
  outer_steps: number;
  outer_lr: number;
  meta_batch: number;
  clip: number;
  test_steps?: number;
  test_signals?: number;
  show: number;
}

/** Options of both stages; `innerSteps` is the method's default. */
export function outerSchema(innerSteps: number, own: Record<string, JsonSchema>): JsonSchema {
  return {
    type: 'object',
    properties: {
      // Ranges are checked in `check` (clearer messages than the schema's).
      inner_steps: { type: 'integer', default: innerSteps, description: 'inner SGD steps per task during meta-training' },
      inner_lr: { ...positiveNumber, default: 1e-2, description: 'inner SGD step size' },
      first_order: { type: 'boolean', default: false, description: 'first-order approximation (no differentiation through the inner loop)' },
      outer_steps: { ...positiveInt, default: 200, description: 'outer (meta) steps' },
      outer_lr: { ...positiveNumber, default: 1e-4, description: 'Adam step size of the outer loop' },
      meta_batch: { ...positiveInt, default: 4, description: 'signals per outer step' },
      clip: { type: 'number', minimum: 0, default: 1, description: 'global-norm clip of the outer gradient (0: off)' },
      test_steps: { type: 'integer', description: 'test-time adaptation steps (default: inner_steps)' },
      test_signals: { ...positiveInt, description: 'meta-test signals to evaluate (default: all)' },
      show: { type: 'integer', minimum: 0, default: 6, description: 'reconstructions drawn in the report' },
      ...own,
    },
    additionalProperties: false,
  };
}

export function outerIssues(c: OuterConfig): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  if (!(c.inner_steps >= 1)) out.push({ path: ['inner_steps'], message: `inner_steps must be at least 1, got ${c.inner_steps}` });
  if (c.test_steps !== undefined && !(c.test_steps >= 1)) out.push({ path: ['test_steps'], message: `test_steps must be at least 1, got ${c.test_steps}` });
  return out;
}

export function inputsOf(inputs: Record<string, unknown>): { model: SirenModel; set: SignalSet } {
  const model = inputs.model as SirenModel;
  const set = inputs.data as SignalSet;
  if (model?.arch?.type !== 'siren') throw new Error('this stage meta-trains a SIREN (model siren)');
  checkSignalSet(set);
  if (model.arch.outDim !== set.channels) throw new Error(`the SIREN outputs ${model.arch.outDim} channels, the signals have ${set.channels}`);
  return { model, set };
}

export async function runMetaStage(ctx: PluginContext, inputs: Record<string, unknown>, c: OuterConfig, m: InrMethod, label: string): Promise<StageResult<SirenModel>> {
  for (const i of outerIssues(c)) ctx.configError(i.path, i.message, i.hint);
  const { model, set } = inputsOf(inputs);
  const started = performance.now();
  const trained = await metaTrainSiren(model, set, m, {
    outerSteps: c.outer_steps,
    outerLr: c.outer_lr,
    metaBatch: c.meta_batch,
    clip: c.clip,
    rng: ctx.rng.fork('batches'),
    signal: ctx.signal,
    onStep: (s) => {
      ctx.progress({ done: s.step + 1, total: c.outer_steps, unit: 'step', loss: s.outerLoss });
      ctx.metric('outer_loss', s.outerLoss, s.step);
      if (m.bootstrap) ctx.metric('bootstrap_term', s.terms, s.step);
    },
  });
  const trainSeconds = (performance.now() - started) / 1000;
  const out: SirenModel = { arch: model.arch, params: trained.params };
  const ev = await evaluateSiren(out, set, m, { ...(c.test_signals ? { limit: c.test_signals } : {}), show: c.show, signal: ctx.signal });
  const metrics: Record<string, number> = { psnr: ev.psnr, psnr_init: ev.psnrInit, peak_bytes: trained.peakBytes, step_ms: trained.msPerStep, train_seconds: trainSeconds };
  if (m.rescale && m.keep < 1) {
    // The rescaling ablation needs no second training: the same initialisation, plain steps.
    const plain = await evaluateSiren(out, set, { ...m, rescale: false }, { ...(c.test_signals ? { limit: c.test_signals } : {}), signal: ctx.signal });
    metrics.psnr_no_rescale = plain.psnr;
  }
  for (const [k, v] of Object.entries(metrics)) ctx.metric(k, v);
  ctx.log(`${label}: meta-test PSNR ${ev.psnr.toFixed(2)} dB (init ${ev.psnrInit.toFixed(2)}), peak ${(trained.peakBytes / 2 ** 20).toFixed(1)} MiB per outer step, ${trained.msPerStep.toFixed(0)} ms per step`);
  if (ev.reconstructions.length) {
    const truth = ev.reconstructions.map((_, i) => set.splits.test.values.subarray(i * ev.reconstructions[0]!.length, (i + 1) * ev.reconstructions[0]!.length));
    const rows = [
      { label: 'signal', images: truth },
      { label: ctx.stage.name, images: ev.reconstructions, captions: ev.perSignal.slice(0, ev.reconstructions.length).map((p) => `${p.toFixed(1)} dB`) },
    ];
    ctx.figure(`Meta-test reconstructions (${ctx.stage.name})`, imageGridSvg(rows, set.grid[0], set.grid[1]));
  }
  out.meta = {
    metrics,
    label: ctx.stage.name,
    method: { ...m } as unknown as JsonValue,
    evaluation: { perSignal: ev.perSignal, reconstructions: ev.reconstructions },
  };
  const result: Record<string, JsonValue> = {
    ...metrics,
    peak_mib: +(trained.peakBytes / 2 ** 20).toFixed(2),
    inner_steps: m.innerSteps,
    keep: m.keep,
    order: m.order,
    memory: 'tf.profile peakBytes of one outer step minus the bytes allocated before it',
  };
  return { output: out, result };
}
