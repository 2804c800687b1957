import { createRng } from '../../kernel/rng.js';

describe('seeded rng', () => {
  it('is deterministic per (seed, label) and differs across seeds and labels', () => {
    const a = Array.from({ length: 5 }, ((r) => () => r.next())(createRng(42, 'train')));
    const b = Array.from({ length: 5 }, ((r) => () => r.next())(createRng(42, 'train')));
    const c = Array.from({ length: 5 }, ((r) => () => r.next())(createRng(43, 'train')));
    const d = Array.from({ length: 5 }, ((r) => () => r.next())(createRng(42, 'model')));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).not.toEqual(d);
  });

  it('forks independent streams without disturbing the parent', () => {
    const r1 = createRng(7);
    const r2 = createRng(7);
    r1.fork('x').next();
    expect(r1.next()).toBe(r2.next());
    expect(createRng(7).fork('x').next()).toBe(createRng(7).fork('x').next());
  });

  it('has the moments of U(0,1) and N(0,1) (200k draws; 5-sigma bounds)', () => {
    const r = createRng(1);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    let ns = 0;
    let ns2 = 0;
    let ns4 = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      if (!(u >= 0 && u < 1)) outside++;
      s += u;
      s2 += u * u;
      const z = r.normal();
      ns += z;
      ns2 += z * z;
      ns4 += z ** 4;
    }
    expect(outside).toBe(0);
    // Standard errors: mean of U ~ sqrt(1/12/n) ≈ 6.5e-4; of N ~ 2.2e-3; var of N ~ sqrt(2/n) ≈ 3.2e-3.
    expect(Math.abs(s / n - 0.5)).toBeLessThan(5 * 6.5e-4);
    expect(Math.abs(s2 / n - 1 / 3)).toBeLessThan(5 * 6.7e-4);
    expect(Math.abs(ns / n)).toBeLessThan(5 * 2.3e-3);
    expect(Math.abs(ns2 / n - 1)).toBeLessThan(5 * 3.2e-3);
    expect(Math.abs(ns4 / n - 3)).toBeLessThan(5 * 2.2e-2);
  });

  it('int() is uniform over its range and shuffle() is a permutation', () => {
    const r = createRng(3);
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 70_000; i++) counts[r.int(7)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500); // ~5 sigma (sd ≈ 93)
    const xs = Array.from({ length: 50 }, (_, i) => i);
    r.shuffle(xs);
    expect([...xs].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(xs).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
