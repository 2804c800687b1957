/**
 * Report figures (SVG via lib/plot): the chosen formula against the data inside and outside the
 * training range, beside the baselines; and the Pareto front the formula was chosen from.
 */
import { lineChart, type Series } from '../plot/index.js';
import type { Box } from './constraint-spec.js';

/** A model to draw: a name and a function of input columns. */
export interface Curve {
  name: string;
  predict(cols: Float64Array[]): Float64Array;
  dashed?: boolean;
}

export interface DataSeries {
  name: string;
  cols: Float64Array[];
  y: Float64Array;
}

const POINTS = 200;

/**
 * One input: every model over the whole domain, and every data split (sorted by x) in one chart.
 * Several inputs: a slice along each input through the middle of the domain (models only), since
 * data points do not lie on a slice.
 */
export function formulaFigures(inputs: string[], domain: Box, curves: Curve[], data: DataSeries[], target: string): { title: string; svg: string }[] {
  if (inputs.length === 1) {
    const [lo, hi] = domain[0]!;
    const xs = Float64Array.from({ length: POINTS }, (_, i) => lo + ((hi - lo) * i) / (POINTS - 1));
    const series: Series[] = data.map((d) => {
      const order = Array.from(d.cols[0]!.keys()).sort((a, b) => d.cols[0]![a]! - d.cols[0]![b]!);
      return { name: `${d.name} data`, x: order.map((i) => d.cols[0]![i]!), y: order.map((i) => d.y[i]!) };
    });
    for (const c of curves) series.push({ name: c.name, x: xs, y: c.predict([xs]), ...(c.dashed ? { dashed: true } : {}) });
    return [{ title: `${target}(${inputs[0]}): models and data`, svg: lineChart(series, { xLabel: inputs[0], yLabel: target, width: 640, height: 340 }) }];
  }
  const mid = domain.map(([a, b]) => (a + b) / 2);
  return inputs.map((name, k) => {
    const [lo, hi] = domain[k]!;
    const xs = Float64Array.from({ length: POINTS }, (_, i) => lo + ((hi - lo) * i) / (POINTS - 1));
    const cols = inputs.map((_, j) => (j === k ? xs : new Float64Array(POINTS).fill(mid[j]!)));
    const fixed = inputs.filter((_, j) => j !== k).map((n) => `${n} = ${mid[inputs.indexOf(n)]}`).join(', ');
    const series: Series[] = curves.map((c) => ({ name: c.name, x: xs, y: c.predict(cols), ...(c.dashed ? { dashed: true } : {}) }));
    return { title: `${target} along ${name} (${fixed})`, svg: lineChart(series, { xLabel: name, yLabel: target, width: 640, height: 340 }) };
  });
}

/** Targets of one split in increasing order, with each model's prediction at the same points. */
export function sortedTargetFigure(split: DataSeries, curves: Curve[], target: string): string {
  const order = Array.from(split.y.keys()).sort((a, b) => split.y[a]! - split.y[b]!);
  const idx = order.map((_, i) => i);
  const series: Series[] = [{ name: `${split.name} targets`, x: idx, y: order.map((i) => split.y[i]!) }];
  for (const c of curves) {
    const p = c.predict(split.cols);
    series.push({ name: c.name, x: idx, y: order.map((i) => p[i]!), ...(c.dashed ? { dashed: true } : {}) });
  }
  return lineChart(series, { title: `${split.name}: points sorted by ${target}`, xLabel: 'point (sorted by target)', yLabel: target, width: 640, height: 340 });
}

/** Validation RMSE against complexity over the front (log y), the chosen one marked. */
export function frontFigure(front: { complexity: number; valRmse: number }[], chosen: { complexity: number; valRmse: number }): string {
  const sorted = [...front].sort((a, b) => a.complexity - b.complexity);
  return lineChart(
    [
      { name: 'Pareto front', x: sorted.map((c) => c.complexity), y: sorted.map((c) => c.valRmse) },
      { name: 'chosen', x: [chosen.complexity], y: [chosen.valRmse] },
    ],
    { title: 'Pareto front: validation RMSE vs active weights', xLabel: 'active weights', yLabel: 'validation RMSE', logY: true },
  );
}
