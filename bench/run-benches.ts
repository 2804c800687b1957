/**
 * Runs the selected suites on the selected backends, adds the PyTorch references, and prints
 * JSON lines (stdout, with `--json`) and a table (stderr). Each (suite, backend) pair that cannot
 * run is a row saying why, not an abort.
 */
import * as tf from '@tensorflow/tfjs';
import { benchBackends, DEFAULT_EXCLUDED, type BenchBackend } from './backends.js';
import { estimatePeakGflops } from './peak.js';
import { checkPython, runPythonReference, type PythonInfo } from './python-reference.js';
import { jsonLine, table, withReference, type Row } from './report.js';
import { suites as allSuites } from './suites/index.js';
import type { BenchResult, BenchSuite } from './types.js';

export interface BenchCliOptions {
  json: boolean;
  backends?: string[];
  suites?: string[];
  quick: boolean;
  peakGflops?: number;
  reference: boolean;
  python: string;
}

export interface Output {
  stdout(line: string): void;
  stderr(line: string): void;
}

export class UsageError extends Error {}

function pick<T extends { name: string }>(all: T[], names: string[] | undefined, what: string): T[] {
  if (!names) return all;
  return names.map((n) => {
    const found = all.find((x) => x.name === n);
    if (!found) throw new UsageError(`unknown ${what} '${n}'; known: ${all.map((x) => x.name).join(', ')}`);
    return found;
  });
}

async function selectBackends(opts: BenchCliOptions, out: Output, rows: Row[]): Promise<BenchBackend[]> {
  const named = pick(benchBackends, opts.backends, 'backend');
  const candidates = opts.backends ? named : named.filter((b) => !DEFAULT_EXCLUDED.has(b.name));
  const usable: BenchBackend[] = [];
  for (const b of candidates) {
    const p = await b.probe();
    if (p.available) usable.push(b);
    else {
      out.stderr(`[bench] backend ${b.name} unavailable: ${p.reason ?? 'no reason given'}`);
      if (opts.backends) rows.push({ bench: '*', backend: b.name, status: `unavailable: ${p.reason}` });
    }
  }
  return usable;
}

async function runOne(suite: BenchSuite, b: BenchBackend, opts: BenchCliOptions, peak: number, out: Output): Promise<BenchResult[]> {
  await b.activate();
  const before = tf.memory().numTensors;
  const results: BenchResult[] = [];
  const params = suite.params(opts.quick);
  const log = (m: string) => out.stderr(`[bench] ${suite.name}/${b.name}: ${m}`);
  for await (const r of suite.run({ backend: b.name, quick: opts.quick, peakGflops: peak, slow: b.slow, log }, params)) {
    results.push(r);
    log(`${r.bench} ${r.value.toPrecision(4)} ${r.unit}`);
  }
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0) log(`WARNING: ${leaked} tensors leaked`);
  return results;
}

export function blasWarning(info: PythonInfo): string | undefined {
  if (info.blas === 'openblas' || info.blas === 'mkl' || info.blas === 'blis') return undefined;
  const banner = '!'.repeat(78);
  return [
    banner,
    `!! PyTorch reference ran on the ${info.blas.toUpperCase()} BLAS (${info.blasLibs.join(', ') || 'none found'}).`,
    '!! Its matrix products are many times slower than OpenBLAS, so every ratio below FLATTERS us.',
    '!! Fix: apt-get install libopenblas0-pthread (Debian selects it as libblas.so.3).',
    banner,
  ].join('\n');
}

export async function runBenches(opts: BenchCliOptions, out: Output): Promise<number> {
  const suites = pick(allSuites, opts.suites, 'suite');
  const rows: Row[] = [];
  const usable = await selectBackends(opts, out, rows);
  const peakEstimate = opts.peakGflops ? { gflops: opts.peakGflops, how: 'from --peak-gflops' } : estimatePeakGflops();
  out.stderr(`[bench] fp32 peak ${peakEstimate.gflops.toFixed(0)} GFLOP/s (${peakEstimate.how})`);
  const pythonProblem = opts.reference ? await checkPython(opts.python) : 'disabled by --no-reference';
  if (pythonProblem) out.stderr(`[bench] no PyTorch reference: ${pythonProblem}; running ours only`);
  let failures = 0;
  let info: PythonInfo | null = null;
  for (const suite of suites) {
    const ours: BenchResult[] = [];
    for (const b of usable) {
      const skip = suite.skip?.(b.name, opts.quick);
      if (skip) {
        rows.push({ bench: suite.name, backend: b.name, status: `skipped: ${skip}` });
        continue;
      }
      try {
        ours.push(...(await runOne(suite, b, opts, peakEstimate.gflops, out)));
      } catch (e) {
        const msg = String((e as Error).message ?? e).split('\n')[0];
        out.stderr(`[bench] ${suite.name}/${b.name} failed: ${msg}`);
        rows.push({ bench: suite.name, backend: b.name, status: `failed: ${msg}` });
        if (b.name !== 'wasm-stock') failures++;
      }
    }
    const refs = new Map<string, number>();
    if (!pythonProblem && suite.pythonScript && ours.length > 0) {
      try {
        const py = await runPythonReference(opts.python, suite.pythonScript, suite.params(opts.quick), opts.quick);
        if (py.info && !info) {
          info = py.info;
          out.stderr(`[bench] PyTorch ${info.torch}, ${info.threads} threads, BLAS: ${info.blas} (${info.blasLibs.join(', ')})`);
          const warning = blasWarning(info);
          if (warning) out.stderr(warning);
        }
        for (const [bench, r] of py.results) {
          refs.set(bench, r.value);
          out.stderr(`[bench] ${suite.name}/pytorch: ${bench} ${r.value.toPrecision(4)} ${r.unit}${r.note ? ` (${r.note})` : ''}`);
        }
      } catch (e) {
        out.stderr(`[bench] ${suite.name}: PyTorch reference failed: ${String((e as Error).message).split('\n')[0]}`);
      }
    }
    for (const r of ours) {
      const line = withReference(r, refs.get(r.bench));
      rows.push({ line });
      if (opts.json) out.stdout(jsonLine(line));
    }
  }
  out.stderr('');
  out.stderr(table(rows));
  if (info) out.stderr(`\nreference: PyTorch ${info.torch}, ${info.threads} threads, BLAS ${info.blas}; ratio = ours / PyTorch (> 1: ours faster)`);
  return failures > 0 ? 1 : 0;
}
