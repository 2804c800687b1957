/**
 * Turns whatever a plugin threw into one line with a code and, where known, a location — the
 * runner's single place for that, so every failure reads the same way.
 */
import { DiagnosticError, formatDiagnostic } from '../dsl/diagnostics.js';
import { ArtifactShapeError } from './artifact-codec.js';
import { StageFailure } from './invoke.js';
import { KernelCodes } from './codes.js';
import type { StagePlan } from './plan.js';

export interface ClassifiedError {
  code: string;
  message: string;
  location?: string;
}

export function classifyError(err: unknown, s: StagePlan, file: string, aborted: boolean): ClassifiedError {
  const at = `${file}:${s.node.range.start.line}:${s.node.range.start.column}`;
  if (err instanceof StageFailure) return { code: err.code, message: err.message, location: err.location ?? at };
  if (aborted || (err as Error)?.name === 'AbortError') return { code: KernelCodes.cancelled, message: 'cancelled', location: at };
  if (err instanceof DiagnosticError) {
    const d = err.diagnostics[0]!;
    return { code: d.code, message: `${s.plugin.id}: ${err.diagnostics.map(formatDiagnostic).join('; ')}`, location: `${d.file}:${d.range.start.line}:${d.range.start.column}` };
  }
  if (err instanceof ArtifactShapeError) return { code: KernelCodes.badOutput, message: `${s.plugin.id} returned an output that cannot be stored: ${err.message}`, location: at };
  const e = err as { name?: string; code?: unknown; message?: string };
  if (typeof e?.code === 'string' && /^PW\d{4}$/.test(e.code)) return { code: e.code, message: `${s.plugin.id}: ${e.message}`, location: at };
  if (e?.name === 'NonFiniteError' || e?.code === 'NON_FINITE') {
    return { code: KernelCodes.nonFinite, message: `${s.plugin.id} (stage '${s.name}'): ${e.message}`, location: at };
  }
  const msg = e?.message ?? String(err);
  return { code: KernelCodes.pluginFailed, message: `plugin ${s.plugin.id} failed in stage '${s.name}': ${msg}`, location: at };
}
