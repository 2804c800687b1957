import { fitFieldRate, NonFiniteError, recordStride, simulate, type Diagnostics, type KineticStepper } from '../../../lib/kinetic/index.js';

/** A stepper whose field decays like e^{−t} and turns NaN at a chosen step. */
class FakeStepper implements KineticStepper {
  n = 0;
  readonly rho = new Float64Array(4).fill(1);
  readonly E = new Float64Array(4).fill(1);
  constructor(private readonly nanAt: number) {}
  step(): void {
    this.n++;
    this.E.fill(this.n >= this.nanAt ? NaN : Math.exp(-0.1 * this.n));
  }
  diagnostics(): Diagnostics {
    const e = this.E[0]!;
    return { electricEnergy: e * e, mass: 1, momentum: 0, energy: 1 + e * e, l1: 1, l2: 1, rank: 3 };
  }
}

describe('the shared time loop', () => {
  it('hands every record before a NaN to onRecord, then stops with the step number', async () => {
    const seen: number[] = [];
    const run = simulate(new FakeStepper(7), { dt: 0.1, steps: 20, recordEvery: 1, onRecord: (n) => seen.push(n) });
    await expect(run).rejects.toThrow(/step 7 \(t = 0\.7/);
    const err = await run.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonFiniteError);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(Array.from((err as NonFiniteError).partial!.step)).toEqual(seen);
  });

  it('records at a stride and always the last step', async () => {
    expect(recordStride(100_000, 2000)).toBe(50);
    const seen: number[] = [];
    const { series } = await simulate(new FakeStepper(1e9), { dt: 0.1, steps: 10, recordEvery: 4, onRecord: (n) => seen.push(n) });
    expect(seen).toEqual([0, 4, 8, 10]);
    [0, 0.4, 0.8, 1].forEach((t, i) => expect(series.t[i]).toBeCloseTo(t, 12));
  });
});

describe('field-rate fit', () => {
  const t = Float64Array.from({ length: 2001 }, (_, i) => i * 0.02);
  it('recovers the rate of a damped oscillation from its local maxima', () => {
    const amp = t.map((ti) => 0.05 * Math.exp(-0.1533 * ti) * Math.abs(Math.cos(1.4156 * ti + 0.3)));
    const fit = fitFieldRate(t, amp, 5, 35);
    expect(fit.usedMaxima).toBe(true);
    expect(Math.abs(fit.rate - -0.1533)).toBeLessThan(2e-4);
  });
  it('falls back to all samples for a monotone growth', () => {
    const fit = fitFieldRate(t, t.map((ti) => 1e-3 * Math.exp(0.2258 * ti)), 10, 30);
    expect(fit.usedMaxima).toBe(false);
    expect(fit.rate).toBeCloseTo(0.2258, 10);
  });
});
