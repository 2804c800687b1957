/**
 * Compiles the child-process worker (fixtures/worker-entry.ts and what it imports) to JS under
 * dist/.queue-test, with the project's own tsc. Inside the repo, so `bullmq` & co. resolve from
 * node_modules. Emit only (~10 s); a missing output fails the test with tsc's messages.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const fixtureOut = join(root, 'dist', '.queue-test');
export const workerEntryJs = join(fixtureOut, 'test', 'queue', 'fixtures', 'worker-entry.js');

export async function buildWorkerFixture(): Promise<string> {
  await mkdir(fixtureOut, { recursive: true });
  await rm(workerEntryJs, { force: true });
  const tsconfig = join(fixtureOut, 'tsconfig.json');
  await writeFile(
    tsconfig,
    JSON.stringify({
      extends: join(root, 'tsconfig.json'),
      // noCheck: only emit; `tsc --noEmit -p .` type-checks these files with the rest.
      compilerOptions: { outDir: fixtureOut, rootDir: root, noEmit: false, noCheck: true, sourceMap: false, types: ['node'] },
      include: [],
      files: [join(root, 'test', 'queue', 'fixtures', 'worker-entry.ts')],
    }),
  );
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = await promisify(execFile)(process.execPath, [tsc, '-p', tsconfig], { cwd: root }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
  if (!existsSync(workerEntryJs)) throw new Error(`could not build the worker fixture:\n${r.stdout}`);
  return workerEntryJs;
}
