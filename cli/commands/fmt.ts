/** `pipewright fmt FILE...`: prints the formatted file, or rewrites it with --write; --check exits 1 if unformatted. */
import { readFile, writeFile, rename } from 'node:fs/promises';
import { formatPipe } from '../../dsl/format.js';
import { printDiagnostics, type Io } from '../io.js';

export async function fmtCommand(files: string[], o: { write?: boolean; check?: boolean }, io: Io): Promise<number> {
  let code = 0;
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      io.err(`${file}: cannot read (${(e as NodeJS.ErrnoException).code})\n`);
      code = 1;
      continue;
    }
    const r = formatPipe(text, file);
    if (!r.formatted) {
      printDiagnostics(io, r.diagnostics, false);
      code = 1;
      continue;
    }
    if (o.check) {
      if (r.text !== text) {
        io.out(`${file}: not formatted\n`);
        code = 1;
      }
    } else if (o.write) {
      if (r.text !== text) {
        const tmp = `${file}.${process.pid}.tmp`;
        await writeFile(tmp, r.text);
        await rename(tmp, file);
      }
    } else io.out(r.text);
  }
  return code;
}
