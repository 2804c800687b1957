/**
 * The machine's fp32 peak: cores × clock × flops per cycle (two FMA pipes: 32 fp32 flops/cycle
 * with AVX2+FMA, or AVX-512 on Zen4 whose 512-bit ops are double-pumped; 16 with AVX; 8
 * otherwise). The clock is measured, because /proc/cpuinfo reports the base clock, not the
 * boost clock the cores actually run at: a chain of dependent shift+xor pairs retires one
 * operation per cycle, so (operations / second) is the clock. On 2 Zen4 cores this gives
 * ≈ 3.6 GHz → ≈ 230 GFLOP/s. `--peak-gflops` overrides the estimate.
 */
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';

export interface PeakEstimate {
  gflops: number;
  how: string;
}

/** Dependent single-cycle integer operations; V8 cannot fold the chain. */
function chain(n: number, x: number): number {
  for (let i = 0; i < n; i++) {
    x ^= x >>> 1;
    x ^= x >>> 1;
    x ^= x >>> 1;
    x ^= x >>> 1;
  }
  return x;
}

/**
 * Best of many ~2 ms runs: other processes only ever make a run look slower, and a run that
 * short usually fits between two preemptions even on a busy machine.
 */
export function measureClockGHz(runs = 40, iterations = 1e6): number {
  chain(1e5, 7);
  let best = 0;
  let sink = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    sink ^= chain(iterations, 12345 + r);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    best = Math.max(best, (iterations * 8) / seconds / 1e9);
  }
  return sink === 0.5 ? 0 : best; // keeps `sink` alive; never true
}

export function flopsPerCycle(cpuinfo: string): number {
  const flags = /flags\s*:\s*(.*)/.exec(cpuinfo)?.[1]?.split(/\s+/) ?? [];
  const has = (f: string) => flags.includes(f);
  return (has('avx2') && has('fma')) || has('avx512f') ? 32 : has('avx') ? 16 : 8;
}

export function estimatePeakGflops(): PeakEstimate {
  let cpuinfo = '';
  try {
    cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    // not Linux: flags unknown, the conservative 8 flop/cycle applies
  }
  const cores = availableParallelism();
  // The base clock is a floor: a loaded machine can make the measurement look slower.
  const baseGHz = Number(/cpu MHz\s*:\s*([\d.]+)/.exec(cpuinfo)?.[1] ?? 0) / 1000;
  const ghz = Math.max(measureClockGHz(), baseGHz);
  const perCycle = flopsPerCycle(cpuinfo);
  return {
    gflops: cores * ghz * perCycle,
    how: `estimated: ${cores} cores × ${ghz.toFixed(2)} GHz (measured) × ${perCycle} flop/cycle`,
  };
}
