/** BIF text → `BayesNet`, or a `DiagnosticError` carrying every problem found with FILE:LINE:COL. */
import { DiagnosticError, hasErrors, type Diagnostic } from '../../dsl/diagnostics.js';
import { parseBifDocument } from './bif-parser.js';
import { buildBayesNet, type BuildOptions } from './bif-build.js';
import type { BayesNet } from './model.js';

export function checkBif(text: string, file: string, opts: BuildOptions = {}): { net?: BayesNet; diagnostics: Diagnostic[] } {
  const parsed = parseBifDocument(text, file);
  // Semantic checks on a document repaired by error recovery would only echo the syntax error.
  if (hasErrors(parsed.diagnostics)) return { diagnostics: parsed.diagnostics };
  const built = buildBayesNet(parsed.doc, text, file, opts);
  return hasErrors(built.diagnostics) ? { diagnostics: built.diagnostics } : built;
}

export function parseBif(text: string, file: string, opts: BuildOptions = {}): BayesNet {
  const { net, diagnostics } = checkBif(text, file, opts);
  if (!net) throw new DiagnosticError(diagnostics);
  return net;
}
