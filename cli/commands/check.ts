/** `pipewright check FILE`: parse, load, link and validate without running anything. */
import { preparePipe } from '../../kernel/session.js';
import { hasErrors } from '../../dsl/diagnostics.js';
import { printDiagnostics, type Io } from '../io.js';

export async function checkCommand(file: string, o: { json?: boolean; pipeline?: string }, io: Io): Promise<number> {
  const prep = await preparePipe(file, { builtins: io.builtins(), pipeline: o.pipeline });
  printDiagnostics(io, prep.diagnostics, !!o.json);
  return hasErrors(prep.diagnostics) ? 1 : 0;
}
