import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { preparePipe } from '../../../kernel/session.js';
import { plugins } from '../../../plugins/kinetic/index.js';
import { dlrPlugin } from '../../../plugins/solve/dlr.js';
import { runKinetic } from '../../../plugins/solve/kinetic-run.js';
import { buildProblem, type Diagnostics, type KineticStepper } from '../../../lib/kinetic/index.js';
import { byType, runText, tempHome } from '../../kernel/run-helpers.js';
import { fakeBackend } from '../../kernel/toy-plugins.js';
import { FakeConfigError, fakeContext } from '../nn/fake-context.js';

// No tensors here; the kernel's no-op test backend stands in for wasm.
const sources = [{ origin: 'builtin:kinetic', plugins, backends: [fakeBackend] }];

describe('kinetic plugins through the kernel', () => {
  let home: string;
  beforeEach(async () => (home = await tempHome()));
  afterEach(() => rm(home, { recursive: true, force: true }));

  it('runs init → dlr → diagnostics with rate, conservation metrics and figures', async () => {
    const text = `pipeline landau {
  data vlasov_init     { problem: linear_landau, nx: 32, nv: 64 }
  solve dlr            { integrator: conservative, rank: 6, dt: 0.1, t_end: 20 }
  evaluate diagnostics { fit_window: 2..18 }
}`;
    const { end, result, events } = await runText(text, home, { sources, noCache: true });
    expect(end.status).toBe('ok');
    const m = end.stages.evaluate!.metrics;
    expect(Math.abs(m.field_rate! - -0.1533) / 0.1533).toBeLessThan(0.1); // coarse 32×64 grid, dt 0.1
    expect(m.mass_error).toBeLessThan(1e-12);
    expect(m.momentum_error).toBeLessThan(1e-12);
    const series = byType(events, 'stage:metric').filter((e) => e.stage === 'solve' && e.name === 'electric_energy');
    expect(series).toHaveLength(201); // every step of 200, plus t = 0
    const figures = [...result.records.values()][0]!.get('evaluate')!.record.figures;
    expect(figures.map((f) => f.title)).toEqual(['Electric energy', 'Conservation errors']);
    expect(figures[0]!.svg).toMatch(/linear theory: 2γ = -0\.3067/);
  });

  it('compares full grid and low rank with as/from, one metric per branch', async () => {
    const text = `pipeline cmp {
  data vlasov_init as init { problem: linear_landau, nx: 32, nv: 64 }
  solve fullgrid as full   { dt: 0.1, t_end: 12 }
  solve dlr as lr from init { rank: 8, dt: 0.1, t_end: 12 }
  evaluate diagnostics from full, lr { fit_window: 2..10 }
}`;
    const { end } = await runText(text, home, { sources, noCache: true });
    expect(end.status).toBe('ok');
    const m = end.stages.evaluate!.metrics;
    expect(m['field_rate.full']).toBeLessThan(0);
    expect(m['field_rate.lr']).toBeLessThan(0);
    expect(m['curve_deviation.lr']).toBeLessThan(0.05);
  });

  it('runs the rk2_bases sub-steps (Lawson–Heun for the bases) with the same conservation', async () => {
    const text = `pipeline fast {
  data vlasov_init     { problem: linear_landau, nx: 32, nv: 64 }
  solve dlr            { rank: 8, dt: 0.1, t_end: 12, substeps: rk2_bases }
  evaluate diagnostics { fit_window: 2..10 }
}`;
    const { end } = await runText(text, home, { sources, noCache: true });
    expect(end.status).toBe('ok');
    const m = end.stages.evaluate!.metrics;
    expect(m.mass_error).toBeLessThan(1e-12);
    expect(m.momentum_error).toBeLessThan(1e-12);
    expect(Math.abs(m.field_rate! - -0.1533) / 0.1533).toBeLessThan(0.1); // coarse 32×64 grid, as above
  });

  it('refuses a rank the grid cannot hold, at the rank option', async () => {
    const text = `pipeline big {
  data vlasov_init { problem: linear_landau, nx: 16, nv: 64 }
  solve dlr        { rank: 12, dt: 0.1, t_end: 1 }
}`;
    const { end, events } = await runText(text, home, { sources, noCache: true });
    expect(end.status).not.toBe('ok');
    expect(byType(events, 'stage:error')[0]!.message).toMatch(/rank 12 is larger than the 16×64 grid allows.*at most 8/);
  });

  it('refuses a time step beyond the low-rank stable limit of the grid, with the limit', async () => {
    const text = `pipeline cfl {
  data vlasov_init { problem: linear_landau, nx: 256, nv: 64 }
  solve dlr        { rank: 6, dt: 0.05, t_end: 1 }
}`;
    const { end, events } = await runText(text, home, { sources, noCache: true });
    expect(end.status).not.toBe('ok');
    expect(byType(events, 'stage:error')[0]!.message).toMatch(/dt = 0\.05 exceeds the stable limit 0\.0260/);
  });

  it('warns between the resonance limit vmax·kx_max·dt = 2π and the refusal at 10, naming the limit', async () => {
    // nx 64 on [0, 4π) with vmax 6: kx_max = 16, so 2π/96 = 0.0654 and 10/96 = 0.104.
    const text = `pipeline res {
  data vlasov_init { problem: linear_landau, nx: 64, nv: 64 }
  solve dlr        { rank: 6, dt: 0.08, t_end: 0.16 }
}`;
    const { end, events } = await runText(text, home, { sources, noCache: true });
    expect(end.status).toBe('ok');
    const warns = byType(events, 'stage:log').filter((e) => e.level === 'warn').map((e) => e.message);
    expect(warns.join('\n')).toMatch(/dt = 0\.08 is above the resonance limit 0\.0654.*vmax·kx_max·dt = 7\.68 > 2π/);
  });
});

describe('config checks point at the offending option', () => {
  const diagnostics = async (body: string) => {
    const prep = await preparePipe(join('/tmp', 'k.pipe'), { builtins: sources, text: `pipeline p {\n${body}\n}` });
    return prep.diagnostics.filter((d) => d.severity === 'error');
  };

  it('a domain that is not a multiple of 2π/k', async () => {
    const d = await diagnostics('  data vlasov_init { problem: linear_landau, k: 0.5, length: 10 }');
    expect(d).toHaveLength(1);
    expect(d[0]!.message).toMatch(/length = 10 is not a multiple of the wavelength 2π\/k = 12\.566/);
    expect(d[0]!.range.start.line).toBe(2);
  });

  it('a time step beyond the stable limit, and a conservative rank below 4', async () => {
    const d = await diagnostics('  data vlasov_init { problem: linear_landau }\n  solve dlr { rank: 3, dt: 2.5, t_end: 10 }');
    const msgs = d.map((x) => x.message).join('\n');
    expect(msgs).toMatch(/dt = 2\.5 is beyond the stable limit/);
    expect(msgs).toMatch(/rank must be at least 4/);
    expect(d.every((x) => x.range.start.line === 3)).toBe(true);
  });

  it('a sub-step scheme that does not exist, listing the ones that do', async () => {
    const d = await diagnostics('  data vlasov_init { problem: linear_landau }\n  solve dlr { substeps: rk3, dt: 0.05, t_end: 1 }');
    expect(d).toHaveLength(1);
    expect(d[0]!.message).toMatch(/rk4.*rk2.*rk2_bases|rk2_bases/);
    expect(d[0]!.range.start.line).toBe(3);
  });

  it('nx that the FFT cannot take and a vmax that cuts the Maxwellian', async () => {
    const d = await diagnostics('  data vlasov_init { problem: two_stream, nx: 48, vmax: 4 }');
    const msgs = d.map((x) => x.message).join('\n');
    expect(msgs).toMatch(/nx = 48 must be a power of two/);
    expect(msgs).toMatch(/vmax = 4 cuts the equilibrium off/);
  });
});

describe('a solution that turns NaN mid-run', () => {
  it('emits the diagnostics so far, then errors at dt with the step number', async () => {
    const stepper: KineticStepper & { momentumScale(): number } = {
      rho: new Float64Array(4),
      E: new Float64Array(4),
      n: 0,
      step() {
        this.n++;
      },
      diagnostics(): Diagnostics {
        const bad = this.n >= 5;
        return { electricEnergy: bad ? NaN : 1 / (1 + this.n), mass: 1, momentum: 0, energy: 1, l1: 1, l2: 1, rank: 4 };
      },
      momentumScale: () => 1,
    } as KineticStepper & { momentumScale(): number; n: number };
    const { ctx, rec } = fakeContext(dlrPlugin);
    const p = buildProblem({ problem: 'linear_landau', nx: 8, nv: 16 });
    const err = await runKinetic(ctx, p, { dt: 0.1, t_end: 1, max_records: 1000 }, stepper, { method: 'dlr', integrator: 'conservative' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FakeConfigError);
    expect((err as FakeConfigError).path).toEqual(['dt']);
    expect((err as FakeConfigError).message).toMatch(/electricEnergy became NaN or infinite at step 5/);
    expect(rec.metrics.filter((m) => m.name === 'electric_energy').map((m) => m.step)).toEqual([0, 1, 2, 3, 4]);
  });
});
