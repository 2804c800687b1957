/**
 * Report figures (SVG via lib/plot): the electric energy on a log axis with the linear-theory
 * rate overlaid, and the relative conservation errors over time.
 */
import { lineChart, type Series } from '../plot/index.js';
import type { ConservationErrors } from './errors.js';
import type { RateFit } from './rate-fit.js';
import type { KineticSeries } from './types.js';

export interface FigureRun {
  label: string;
  series: KineticSeries;
  fit?: RateFit;
  errors?: ConservationErrors;
}

/** At most ~1500 points per curve keep the SVG small. */
function thin(x: ArrayLike<number>, y: ArrayLike<number>): { x: number[]; y: number[] } {
  const step = Math.max(1, Math.ceil(x.length / 1500));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i += step) {
    xs.push(x[i]!);
    ys.push(y[i]!);
  }
  return { x: xs, y: ys };
}

export function energyFigure(runs: FigureRun[], linear: { gamma: number } | null, window: [number, number]): string {
  const series: Series[] = runs.map((r) => ({ name: `${r.label}: electric energy`, ...thin(r.series.t, r.series.electricEnergy) }));
  const anchor = runs.find((r) => r.fit)?.fit;
  if (linear && anchor) {
    // W = |E|²/2 decays/grows at twice the field rate; anchor the line on the fit at the window start.
    const t0 = window[0];
    const w0 = 0.5 * Math.exp(2 * (anchor.intercept + anchor.rate * t0));
    const xs = [t0, window[1]];
    series.push({ name: `linear theory: 2γ = ${(2 * linear.gamma).toFixed(4)}`, x: xs, y: xs.map((t) => w0 * Math.exp(2 * linear.gamma * (t - t0))), dashed: true });
  }
  return lineChart(series, { title: 'Electric energy ½∫E² dx', xLabel: 't', yLabel: 'electric energy', logY: true });
}

export function conservationFigure(runs: FigureRun[]): string {
  const series: Series[] = [];
  for (const r of runs) {
    if (!r.errors) continue;
    series.push({ name: `${r.label}: mass`, ...thin(r.series.t, r.errors.massSeries) });
    series.push({ name: `${r.label}: momentum`, ...thin(r.series.t, r.errors.momentumSeries) });
    series.push({ name: `${r.label}: energy`, ...thin(r.series.t, r.errors.energySeries) });
  }
  return lineChart(series, { title: 'Relative conservation errors', xLabel: 't', yLabel: '|q(t) − q(0)| / scale', logY: true });
}
