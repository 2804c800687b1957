/** Output helpers shared by the commands: where text goes, and how diagnostics are printed. */
import { diagnosticToJson, formatDiagnostic, type Diagnostic } from '../dsl/diagnostics.js';
import type { PluginSource } from '../kernel/container.js';
import picocolors from 'picocolors';
import { builtinSources } from '../plugins/builtin.js';

/** What a command may touch of the outside world; tests pass their own. */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  isTTY: boolean;
  /** The plugins available without `use` (the built-ins, or a test's set). */
  builtins: () => PluginSource[];
}

export const processIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  isTTY: !!process.stdout.isTTY,
  builtins: builtinSources,
};

export function printDiagnostics(io: Io, ds: Diagnostic[], json: boolean): void {
  for (const d of ds) {
    if (json) io.out(`${JSON.stringify({ type: 'diagnostic', ...diagnosticToJson(d) })}\n`);
    else io.err(`${formatDiagnostic(d)}\n`);
  }
}

/** Colours for a command's output: only on a terminal (picocolors alone also colours under CI=1). */
export function colors(io: Io): ReturnType<typeof picocolors.createColors> {
  return picocolors.createColors(io.isTTY);
}
