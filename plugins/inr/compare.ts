/**
 * `evaluate inr_compare from maml, ecop { show: 6 }`: meta-test reconstructions of several
 * meta-trained SIRENs side by side (ground truth first, one row per branch, PSNR under each
 * image), and a table of PSNR against peak memory. Reads what each train stage stored in its
 * model's `meta`; nothing is re-trained or re-adapted.
 */
import { definePlugin, type JsonValue } from '../../kernel/plugin.js';
import { imageGridSvg, signalValues, type ImageRow, type SignalSet, type SirenModel } from '../../lib/inr/index.js';
import { barChart } from '../../lib/plot/index.js';

interface Stored {
  label?: string;
  metrics?: Record<string, number>;
  evaluation?: { perSignal: number[]; reconstructions: Float32Array[] };
}

export const inrComparePlugin = definePlugin<{ show: number }, { values: Record<string, number>; rows: Record<string, JsonValue>[] }>({
  id: 'evaluate/inr_compare',
  version: '1.0.0',
  kind: 'evaluate',
  description: 'Meta-test reconstructions of meta-trained SIRENs side by side, with PSNR and peak memory',
  configSchema: {
    type: 'object',
    properties: { show: { type: 'integer', minimum: 1, default: 6, description: 'signals drawn per branch' } },
    additionalProperties: false,
  },
  inputs: { models: { type: 'Model.siren', multiple: true }, data: { type: 'Signals' } },
  output: 'Metrics',
  async run(ctx, inputs, c) {
    const models = ([] as SirenModel[]).concat(inputs.models as SirenModel[] | SirenModel);
    const set = inputs.data as SignalSet;
    const stored = models.map((m, i) => ({ ...(m.meta as Stored | undefined), label: (m.meta as Stored | undefined)?.label ?? `model${i + 1}` }));
    const missing = stored.find((s) => !s.evaluation);
    if (missing) throw new Error(`'${missing.label}' carries no meta-test evaluation; compare the output of train maml / train ecop`);
    const show = Math.min(c.show, ...stored.map((s) => s.evaluation!.reconstructions.length));
    const truth = Array.from({ length: show }, (_, i) => signalValues(set, set.splits.test, i));
    const rows: ImageRow[] = [{ label: 'signal', images: truth }];
    const table: Record<string, JsonValue>[] = [];
    const values: Record<string, number> = {};
    for (const s of stored) {
      const ev = s.evaluation!;
      rows.push({ label: s.label, images: ev.reconstructions.slice(0, show), captions: ev.perSignal.slice(0, show).map((p) => `${p.toFixed(1)} dB`) });
      const row: Record<string, JsonValue> = { label: s.label, ...(s.metrics ?? {}) };
      table.push(row);
      for (const k of ['psnr', 'peak_bytes', 'step_ms'] as const) {
        if (s.metrics?.[k] === undefined) continue;
        values[`${k}.${s.label}`] = s.metrics[k];
        ctx.metric(`${k}.${s.label}`, s.metrics[k]);
      }
    }
    ctx.figure('Meta-test reconstructions', imageGridSvg(rows, set.grid[0], set.grid[1]));
    const bars = (key: string) => stored.map((s) => ({ label: s.label, value: s.metrics?.[key] ?? 0 }));
    ctx.figure('Meta-test PSNR (dB)', barChart(bars('psnr'), { title: 'Meta-test PSNR (dB)' }));
    ctx.figure('Peak memory of one outer step (bytes)', barChart(bars('peak_bytes'), { title: 'Peak tensor bytes of one outer step' }));
    return { output: { values, rows: table }, result: table };
  },
  docs: 'See docs/techniques/ecop.md.',
});
