/**
 * Sweep expansion: `sweep { lr: [0.1, 0.01], seed: [1, 2] }` turns one pipeline into the cartesian
 * product of its lists, one run unit per point. A variable named `seed` also sets the pipeline seed.
 */
import type { PipelineNode, ValueNode } from '../../dsl/ast.js';
import type { Diagnostic } from '../../dsl/diagnostics.js';
import { toJs } from '../../dsl/values.js';
import type { JsonValue } from '../plugin.js';
import { KernelCodes } from '../codes.js';

export interface SweepPoint {
  params: Record<string, JsonValue>;
  label: string;
}

export function expandSweep(p: PipelineNode, file: string, diags: Diagnostic[]): SweepPoint[] {
  const axes: { name: string; values: JsonValue[] }[] = [];
  for (const s of p.sweeps) {
    for (const e of s.entries) {
      if (e.value.kind !== 'list' || e.value.items.length === 0) {
        diags.push({
          severity: 'error',
          code: KernelCodes.sweepInvalid,
          message: `sweep variable '${e.key}' must be a non-empty list of values`,
          file,
          range: e.value.range,
          hint: `write ${e.key}: [a, b, c]`,
        });
        continue;
      }
      if (axes.some((a) => a.name === e.key)) {
        diags.push({ severity: 'error', code: KernelCodes.sweepInvalid, message: `sweep variable '${e.key}' is defined twice`, file, range: e.keyRange });
        continue;
      }
      axes.push({ name: e.key, values: e.value.items.map((i) => toJs(i)) });
    }
  }
  let points: SweepPoint[] = [{ params: {}, label: '' }];
  for (const axis of axes) {
    points = points.flatMap((pt) =>
      axis.values.map((v) => ({
        params: { ...pt.params, [axis.name]: v },
        label: `${pt.label ? `${pt.label},` : ''}${axis.name}=${typeof v === 'string' ? v : JSON.stringify(v)}`,
      })),
    );
  }
  return points;
}

/** Every `$var` used in a value, for the unknown-variable check. */
export function varsIn(v: ValueNode, out: (ValueNode & { kind: 'var' })[] = []): (ValueNode & { kind: 'var' })[] {
  switch (v.kind) {
    case 'var':
      out.push(v);
      break;
    case 'list':
      v.items.forEach((i) => varsIn(i, out));
      break;
    case 'map':
      v.entries.forEach((e) => varsIn(e.value, out));
      break;
    case 'range':
    case 'arrow':
      varsIn(v.from, out);
      varsIn(v.to, out);
      break;
    case 'call':
      v.args.forEach((a) => varsIn(a.value, out));
      break;
  }
  return out;
}
