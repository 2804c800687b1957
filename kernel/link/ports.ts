/**
 * Port resolution: which earlier stage feeds each input of a stage.
 *
 * Without `from`, candidates are the stages written before this one, nearest first: a chain
 * `data → model → train` gives train the nearest Model and the nearest Dataset. With `from A, B`
 * the candidates are A and B (in that order) followed by their own ancestors, so
 * `compress distill from small, teacher` finds the dataset upstream of its two models. Each port
 * takes the first candidate whose output type fits that no other port of the stage took; a
 * `multiple` port takes every fitting listed stage.
 */
import type { Diagnostic, Range } from '../../dsl/diagnostics.js';
import type { Plugin, PortType } from '../plugin.js';
import { KernelCodes } from '../codes.js';

export function typeFits(output: PortType, wanted: PortType): boolean {
  return wanted === '*' || output === wanted || output.startsWith(`${wanted}.`);
}

export interface PortStage {
  name: string;
  plugin: Plugin;
  range: Range;
  inputs?: Record<string, string | string[]>;
}

export function resolvePorts(
  stage: PortStage,
  candidates: PortStage[],
  explicit: PortStage[],
  file: string,
  diags: Diagnostic[],
): Record<string, string | string[]> {
  const taken = new Set<string>();
  const inputs: Record<string, string | string[]> = {};
  for (const [port, spec] of Object.entries(stage.plugin.inputs)) {
    const fitting = candidates.filter((c) => typeFits(c.plugin.output, spec.type));
    if (spec.multiple) {
      const pool = explicit.length ? explicit.filter((c) => typeFits(c.plugin.output, spec.type)) : fitting.slice(0, 1);
      pool.forEach((c) => taken.add(c.name));
      if (pool.length || !spec.optional) inputs[port] = pool.map((c) => c.name);
      if (!pool.length && !spec.optional) missing(stage, port, spec.type, candidates, file, diags);
      continue;
    }
    const pick = fitting.find((c) => !taken.has(c.name));
    if (pick) {
      taken.add(pick.name);
      inputs[port] = pick.name;
    } else if (!spec.optional) {
      missing(stage, port, spec.type, candidates, file, diags);
    }
  }
  for (const e of explicit) {
    if (!taken.has(e.name)) {
      const ports = Object.entries(stage.plugin.inputs).map(([n, s]) => `${n}: ${s.type}`).join(', ') || 'none';
      diags.push({
        severity: 'error',
        code: KernelCodes.portMismatch,
        message: `stage '${e.name}' (${e.plugin.id}, outputs ${e.plugin.output}) fits no free input of ${stage.plugin.id}`,
        file,
        range: stage.range,
        hint: `its inputs are ${ports}`,
      });
    }
  }
  return inputs;
}

function missing(
  stage: PortStage,
  port: string,
  type: PortType,
  candidates: PortStage[],
  file: string,
  diags: Diagnostic[],
): void {
  const offered = candidates.map((c) => `${c.name}: ${c.plugin.output}`).join(', ');
  diags.push({
    severity: 'error',
    code: KernelCodes.portMismatch,
    message: `${stage.plugin.id} needs an input '${port}' of type ${type}, but no ${candidates.length ? 'candidate' : 'earlier'} stage provides one`,
    file,
    range: stage.range,
    hint: offered ? `available: ${offered}` : `add a stage that outputs ${type} before it`,
  });
}
