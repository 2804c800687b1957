/**
 * Small, dependency-free SVG charts for the HTML report (it must open offline, so no CDN, no
 * browser-side rendering): a multi-series line chart (optionally log-y) and a horizontal bar chart
 * (tornado-style, for sensitivity rankings).
 */
import { linearScale, logScale, fmt } from './scale.js';

export interface Series {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Dashed, e.g. an analytic reference line. */
  dashed?: boolean;
}

export interface LineChartOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  logY?: boolean;
  width?: number;
  height?: number;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function lineChart(series: Series[], o: LineChartOptions = {}): string {
  const W = o.width ?? 560;
  const H = o.height ?? 300;
  const m = { l: 64, r: 16, t: o.title ? 28 : 12, b: 44 };
  const pts = series.flatMap((s) => Array.from({ length: s.x.length }, (_, i) => [s.x[i]!, s.y[i]!] as const)).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!o.logY || y > 0));
  if (!pts.length) return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="60"><text x="8" y="30" font-family="sans-serif" font-size="12">${escapeXml(o.title ?? '')}: no data</text></svg>`;
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const x = linearScale(Math.min(...xs), Math.max(...xs), m.l, W - m.r);
  const y = o.logY ? logScale(Math.min(...ys), Math.max(...ys), H - m.b, m.t) : linearScale(Math.min(...ys), Math.max(...ys), H - m.b, m.t);
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`];
  if (o.title) parts.push(`<text x="${W / 2}" y="16" text-anchor="middle" font-size="13">${escapeXml(o.title)}</text>`);
  for (const t of y.ticks) parts.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#eee"/><text x="${m.l - 4}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${y.format(t)}</text>`);
  for (const t of x.ticks) parts.push(`<text x="${x(t).toFixed(1)}" y="${H - m.b + 14}" text-anchor="middle">${x.format(t)}</text>`);
  parts.push(`<rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none" stroke="#999"/>`);
  if (o.xLabel) parts.push(`<text x="${(m.l + W - m.r) / 2}" y="${H - 8}" text-anchor="middle">${escapeXml(o.xLabel)}</text>`);
  if (o.yLabel) parts.push(`<text transform="translate(12 ${(m.t + H - m.b) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(o.yLabel)}</text>`);
  series.forEach((s, k) => {
    const d: string[] = [];
    for (let i = 0; i < s.x.length; i++) {
      const xv = s.x[i]!;
      const yv = s.y[i]!;
      if (!Number.isFinite(xv) || !Number.isFinite(yv) || (o.logY && yv <= 0)) continue;
      d.push(`${d.length ? 'L' : 'M'}${x(xv).toFixed(1)},${y(yv).toFixed(1)}`);
    }
    const color = PALETTE[k % PALETTE.length];
    parts.push(`<path d="${d.join('')}" fill="none" stroke="${color}" stroke-width="1.6"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`);
    if (s.x.length === 1) parts.push(`<circle cx="${x(s.x[0]!).toFixed(1)}" cy="${y(s.y[0]!).toFixed(1)}" r="3" fill="${color}"/>`);
    // A white halo keeps the legend readable where it crosses a line.
    parts.push(`<text x="${m.l + 8}" y="${m.t + 14 + 13 * k}" fill="${color}" stroke="white" stroke-width="3" paint-order="stroke">${escapeXml(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

export interface Bar {
  label: string;
  /** Signed values draw left/right of zero (a tornado chart); `low`/`high` draw a span. */
  value?: number;
  low?: number;
  high?: number;
}

export function barChart(bars: Bar[], o: { title?: string; xLabel?: string; width?: number } = {}): string {
  const W = o.width ?? 560;
  const rowH = 18;
  const m = { l: Math.min(240, 12 + 6.2 * Math.max(4, ...bars.map((b) => b.label.length))), r: 40, t: o.title ? 28 : 10, b: 34 };
  const H = m.t + m.b + rowH * bars.length;
  const lows = bars.map((b) => Math.min(0, b.low ?? b.value ?? 0));
  const highs = bars.map((b) => Math.max(0, b.high ?? b.value ?? 0));
  const x = linearScale(Math.min(...lows), Math.max(...highs), m.l, W - m.r);
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`];
  if (o.title) parts.push(`<text x="${W / 2}" y="16" text-anchor="middle" font-size="13">${escapeXml(o.title)}</text>`);
  for (const t of x.ticks) parts.push(`<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${m.t}" y2="${H - m.b}" stroke="#eee"/><text x="${x(t).toFixed(1)}" y="${H - m.b + 14}" text-anchor="middle">${fmt(t)}</text>`);
  bars.forEach((b, i) => {
    const lo = b.low ?? Math.min(0, b.value ?? 0);
    const hi = b.high ?? Math.max(0, b.value ?? 0);
    const yTop = m.t + i * rowH + 3;
    parts.push(`<text x="${m.l - 6}" y="${yTop + 11}" text-anchor="end">${escapeXml(b.label)}</text>`);
    parts.push(`<rect x="${x(lo).toFixed(1)}" y="${yTop}" width="${Math.max(1, x(hi) - x(lo)).toFixed(1)}" height="${rowH - 6}" fill="${(b.value ?? hi) < 0 ? PALETTE[1] : PALETTE[0]}"/>`);
  });
  parts.push(`<line x1="${x(0).toFixed(1)}" x2="${x(0).toFixed(1)}" y1="${m.t}" y2="${H - m.b}" stroke="#333"/>`);
  if (o.xLabel) parts.push(`<text x="${(m.l + W - m.r) / 2}" y="${H - 6}" text-anchor="middle">${escapeXml(o.xLabel)}</text>`);
  parts.push('</svg>');
  return parts.join('');
}
