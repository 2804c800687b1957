/** Output helpers shared by the commands: where text goes, and how diagnostics are printed. */
import { diagnosticToJson, formatDiagnostic, type Diagnostic } from '../dsl/diagnostics.js';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  isTTY: boolean;
}

export const processIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  isTTY: !!process.stdout.isTTY,
};

export function printDiagnostics(io: Io, ds: Diagnostic[], json: boolean): void {
  for (const d of ds) {
    if (json) io.out(`${JSON.stringify({ type: 'diagnostic', ...diagnosticToJson(d) })}\n`);
    else io.err(`${formatDiagnostic(d)}\n`);
  }
}
