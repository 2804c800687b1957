/**
 * Runs a suite's PyTorch twin (bench/python/<script>) with the same parameters, 2 threads, and
 * reads its JSON lines. Python and torch are optional: when absent the harness says so once and
 * carries on without references.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BenchParams } from './types.js';

const run = promisify(execFile);

export interface PythonInfo {
  torch: string;
  threads: number;
  /** `openblas`, `mkl`, `blis`, `reference` (netlib: unoptimised) or `unknown`. */
  blas: string;
  blasLibs: string[];
}

export interface PythonRun {
  info: PythonInfo | null;
  results: Map<string, { value: number; unit: string; note?: string }>;
}

/** bench/python, found from this file whether it runs from the sources or from dist/. */
export function pythonDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'bench', 'python');
    if (existsSync(join(candidate, '_common.py'))) return candidate;
    if (existsSync(join(dir, 'python', '_common.py'))) return join(dir, 'python');
    dir = dirname(dir);
  }
  throw new Error('bench/python not found next to the bench harness');
}

/** Undefined when usable; else the one-line reason (no python, no torch). */
export async function checkPython(python: string): Promise<string | undefined> {
  try {
    await run(python, ['-c', 'import torch'], { timeout: 60_000 });
    return undefined;
  } catch (e) {
    const err = e as { code?: string; stderr?: string };
    if (err.code === 'ENOENT') return `${python} not found`;
    const last = (err.stderr ?? '').trim().split('\n').at(-1) ?? 'unknown error';
    return `${python} cannot import torch (${last}); apt-get install python3-torch libopenblas0-pthread`;
  }
}

export function parsePythonOutput(stdout: string): PythonRun {
  const out: PythonRun = { info: null, results: new Map() };
  for (const line of stdout.split('\n')) {
    if (!line.trim().startsWith('{')) continue;
    const obj = JSON.parse(line) as Record<string, unknown>;
    if (obj.kind === 'info') out.info = obj as unknown as PythonInfo;
    else if (obj.kind === 'result') {
      out.results.set(String(obj.bench), {
        value: Number(obj.value),
        unit: String(obj.unit),
        note: obj.note === undefined ? undefined : String(obj.note),
      });
    }
  }
  return out;
}

export async function runPythonReference(
  python: string,
  script: string,
  params: BenchParams,
  quick: boolean,
): Promise<PythonRun> {
  const args = [join(pythonDir(), script), '--params', JSON.stringify(params), '--threads', '2'];
  if (quick) args.push('--quick');
  const { stdout } = await run(python, args, {
    timeout: 600_000,
    maxBuffer: 1 << 20,
    // 2 threads for OpenMP and OpenBLAS alike. PASSIVE: idle OpenMP threads sleep instead of
    // spinning; on a shared machine the spinning made PyTorch's MLP 90× slower (4.9 against 433
    // steps/s at load 10 on 2 cores), and on an idle one it costs nothing. The reference at its
    // best keeps the ratio honest.
    env: { ...process.env, OMP_NUM_THREADS: '2', OPENBLAS_NUM_THREADS: '2', OMP_WAIT_POLICY: 'PASSIVE' },
  });
  return parsePythonOutput(stdout);
}
