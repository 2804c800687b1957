/** The bench harness's cheap parts: statistics, output format, python plumbing, the registry. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { median, repPlan, timeIt } from '../../bench/measure.js';
import { flopsPerCycle } from '../../bench/peak.js';
import { parsePythonOutput, pythonDir } from '../../bench/python-reference.js';
import { jsonLine, table, withReference } from '../../bench/report.js';
import { blasWarning } from '../../bench/run-benches.js';
import { suites } from '../../bench/suites/index.js';

describe('measure', () => {
  it('median of odd and even samples', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('timeIt runs warm-ups untimed, then the repetitions', async () => {
    let calls = 0;
    const t = await timeIt(async () => void calls++, 2, 5);
    expect(calls).toBe(7);
    expect(t.samplesMs).toHaveLength(5);
  });

  it('repPlan shrinks for --quick and for slow backends', () => {
    const full = { warmup: 3, reps: 7, steps: 10 };
    expect(repPlan(false, false, full)).toEqual(full);
    expect(repPlan(true, false, full)).toEqual({ warmup: 1, reps: 3, steps: 4 });
    expect(repPlan(false, true, full)).toEqual({ warmup: 1, reps: 3, steps: 1 });
  });
});

describe('report', () => {
  const r = { bench: 'mlp-x', backend: 'wasm', value: 90.123456, unit: 'steps/s', note: '11 ms/step' };

  it('prints exactly the documented JSON fields, ratio = ours / reference', () => {
    const line = JSON.parse(jsonLine(withReference(r, 300)));
    expect(Object.keys(line)).toEqual(['bench', 'backend', 'value', 'unit', 'reference', 'ratio']);
    expect(line).toEqual({ bench: 'mlp-x', backend: 'wasm', value: 90.12, unit: 'steps/s', reference: 300, ratio: 0.3004 });
  });

  it('uses null when there is no usable reference', () => {
    for (const ref of [undefined, 0, NaN]) {
      const line = JSON.parse(jsonLine(withReference(r, ref)));
      expect(line.reference).toBeNull();
      expect(line.ratio).toBeNull();
    }
  });

  it('table lists results and skipped rows', () => {
    const t = table([{ line: withReference(r, 300) }, { bench: 'cnn', backend: 'cpu', status: 'skipped: slow' }]);
    expect(t.split('\n')).toHaveLength(4);
    expect(t).toContain('0.300×');
    expect(t).toContain('skipped: slow');
  });
});

describe('python reference plumbing', () => {
  it('parses info and result lines, ignoring noise', () => {
    const out = parsePythonOutput(
      [
        'some warning',
        '{"kind": "info", "torch": "1.13", "threads": 2, "blas": "reference", "blasLibs": ["/usr/lib/x86_64-linux-gnu/blas/libblas.so.3"]}',
        '{"kind": "result", "bench": "mlp-x", "value": 88.5, "unit": "steps/s"}',
      ].join('\n'),
    );
    expect(out.info?.blas).toBe('reference');
    expect(out.results.get('mlp-x')).toEqual({ value: 88.5, unit: 'steps/s', note: undefined });
  });

  it('finds bench/python and every suite has its script there', () => {
    const dir = pythonDir();
    expect(existsSync(join(dir, '_common.py'))).toBe(true);
    for (const s of suites) if (s.pythonScript) expect(existsSync(join(dir, s.pythonScript))).toBe(true);
  });
});

describe('suite registry', () => {
  it('has unique names and JSON-serialisable params in both modes', () => {
    const names = suites.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['matmul', 'mlp', 'cnn', 'gnn']));
    for (const s of suites) for (const q of [true, false]) expect(JSON.parse(JSON.stringify(s.params(q)))).toEqual(s.params(q));
  });
});

describe('peak estimate', () => {
  it('counts two FMA pipes of 8 fp32 lanes with AVX2+FMA or AVX-512', () => {
    expect(flopsPerCycle('flags\t: sse avx avx2 fma')).toBe(32);
    expect(flopsPerCycle('flags\t: sse avx avx512f')).toBe(32);
    expect(flopsPerCycle('flags\t: sse avx')).toBe(16);
    expect(flopsPerCycle('')).toBe(8);
  });
});

describe('BLAS warning', () => {
  const info = (blas: string) => ({ torch: '1.13', threads: 2, blas, blasLibs: ['/usr/lib/x86_64-linux-gnu/blas/libblas.so.3'] });
  it('is loud for the reference BLAS and unknown ones, silent for optimised ones', () => {
    expect(blasWarning(info('reference'))).toMatch(/REFERENCE BLAS.*\n.*FLATTERS us/s);
    expect(blasWarning(info('unknown'))).toMatch(/UNKNOWN BLAS/);
    for (const ok of ['openblas', 'mkl', 'blis']) expect(blasWarning(info(ok))).toBeUndefined();
  });
});
