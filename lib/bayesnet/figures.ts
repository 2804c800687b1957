/** SVG figures of a sensitivity analysis for the HTML report, drawn with lib/plot. */
import { barChart, lineChart, type Series } from '../plot/index.js';
import { parameterLabel, type RankingEntry } from './ranking.js';
import { evaluateSensitivity } from './sensitivity-function.js';

const shorten = (s: string, n = 48) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Signed derivatives of the top parameters, most sensitive on top. */
export function tornadoChart(ranking: RankingEntry[], target: string): string {
  return barChart(
    ranking.map((e) => ({ label: shorten(parameterLabel(e)), value: e.derivative })),
    { title: `∂P(${target} | e)/∂θ, top ${ranking.length} parameters`, xLabel: 'derivative under proportional covariation' },
  );
}

/** f(θ) over θ ∈ [0, 1] for the first few parameters, with the threshold as a dashed line. */
export function sensitivityCurves(ranking: RankingEntry[], target: string, threshold?: number, count = 5, points = 101): string {
  const xs = Array.from({ length: points }, (_, i) => i / (points - 1));
  const series: Series[] = ranking.slice(0, count).map((e) => {
    const [c1, c2, c3, c4] = e.coefficients;
    return { name: shorten(parameterLabel(e), 60), x: xs, y: xs.map((t) => evaluateSensitivity({ c1, c2, c3, c4 }, t)) };
  });
  if (threshold !== undefined) series.push({ name: `threshold ${threshold}`, x: [0, 1], y: [threshold, threshold], dashed: true });
  return lineChart(series, { title: `Sensitivity functions f(θ) = P(${target} | e)`, xLabel: 'θ', yLabel: 'probability' });
}
