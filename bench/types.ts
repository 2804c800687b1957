/**
 * The bench harness contract. A suite is a named workload that yields results for the backend it
 * is run on; the harness activates that backend first, adds the PyTorch reference, and prints.
 */

export interface BenchResult {
  /** Stable id of the measured quantity, e.g. `mlp-784-256-256-10-b128`. */
  bench: string;
  backend: string;
  value: number;
  /** `GFLOP/s`, `steps/s`, `fraction of peak`, ... Every value is higher-is-better. */
  unit: string;
  /** Extra context for the human table (e.g. ms per step). */
  note?: string;
}

/** A result with the reference attached, as printed (`--json` prints exactly these fields). */
export interface BenchLine extends BenchResult {
  /** The same workload in PyTorch on this machine, when available. */
  reference: number | null;
  /** value / reference: > 1 means ours is faster. */
  ratio: number | null;
}

export interface BenchOptions {
  backend: string;
  quick: boolean;
  /** Machine fp32 peak (GFLOP/s, all cores), estimated or from `--peak-gflops`. */
  peakGflops: number;
  /** A backend that runs far slower than the others (cpu): suites use fewer repetitions. */
  slow: boolean;
  log(message: string): void;
}

/** Parameters a suite hands to its python script, so both sides run the same workload. */
export type BenchParams = Record<string, number | number[] | string>;

export interface BenchSuite {
  name: string;
  description: string;
  /** The workload's sizes; the same object goes to the python reference. */
  params(quick: boolean): BenchParams;
  /** Returns a reason to skip `backend` (too slow for the full size, say), or undefined. */
  skip?(backend: string, quick: boolean): string | undefined;
  /** File name in bench/python/ that runs the same workload in PyTorch. */
  pythonScript?: string;
  run(opts: BenchOptions, params: BenchParams): AsyncIterable<BenchResult>;
}
