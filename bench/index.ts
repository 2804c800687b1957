/**
 * `npm run bench` entry: pipewright's tensor benchmarks, side by side with PyTorch.
 *
 *   npm run bench -- [--json] [--backend wasm,cpu] [--suite mlp,cnn] [--quick] [--peak-gflops N]
 *
 * See docs/benchmarks.md for the JSON line format.
 */
import { Command } from 'commander';
import { runBenches, UsageError } from './run-benches.js';

const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);

const program = new Command('bench')
  .description('tensor backend benchmarks with PyTorch references')
  .option('--json', 'print one JSON object per result line on stdout', false)
  .option('--backend <names>', 'comma-separated backends (default: every available one)', list)
  .option('--suite <names>', 'comma-separated suites: matmul, mlp, cnn, gnn (default: all)', list)
  .option('--quick', 'small sizes and few repetitions (also runs heavy suites on cpu)', false)
  .option('--peak-gflops <n>', 'machine fp32 peak in GFLOP/s (default: estimated)', Number)
  .option('--no-reference', 'do not run the PyTorch references')
  .option('--python <path>', 'python with torch for the references', '/usr/bin/python3')
  .parse();

const o = program.opts<{
  json: boolean;
  backend?: string[];
  suite?: string[];
  quick: boolean;
  peakGflops?: number;
  reference: boolean;
  python: string;
}>();

try {
  process.exitCode = await runBenches(
    { json: o.json, backends: o.backend, suites: o.suite, quick: o.quick, peakGflops: o.peakGflops, reference: o.reference, python: o.python },
    { stdout: (l) => process.stdout.write(l + '\n'), stderr: (l) => process.stderr.write(l + '\n') },
  );
} catch (e) {
  if (!(e instanceof UsageError)) throw e;
  process.stderr.write(`bench: ${e.message}\n`);
  process.exitCode = 2;
}
