/** Axis scales and "nice" tick values for the SVG charts. */

export interface Scale {
  (v: number): number;
  ticks: number[];
  format: (v: number) => string;
}

function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  return (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
}

export function fmt(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(1);
  return String(Number(v.toPrecision(3)));
}

export function linearScale(min: number, max: number, r0: number, r1: number, count = 5): Scale {
  if (!(max > min)) {
    const pad = Math.abs(min) * 0.1 || 1;
    min -= pad;
    max += pad;
  }
  const step = niceStep(max - min, count);
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const s = ((v: number) => r0 + ((v - lo) / (hi - lo)) * (r1 - r0)) as Scale;
  s.ticks = [];
  for (let t = lo; t <= hi + step * 1e-9; t += step) s.ticks.push(Number(t.toPrecision(12)));
  s.format = fmt;
  return s;
}

export function logScale(min: number, max: number, r0: number, r1: number): Scale {
  const lo = Math.floor(Math.log10(Math.max(min, Number.MIN_VALUE)));
  let hi = Math.ceil(Math.log10(Math.max(max, Number.MIN_VALUE)));
  if (hi <= lo) hi = lo + 1;
  const s = ((v: number) => r0 + ((Math.log10(Math.max(v, 10 ** lo)) - lo) / (hi - lo)) * (r1 - r0)) as Scale;
  const every = Math.max(1, Math.ceil((hi - lo) / 6));
  s.ticks = [];
  for (let e = lo; e <= hi; e += every) s.ticks.push(10 ** e);
  s.format = (v) => `1e${Math.round(Math.log10(v))}`;
  return s;
}
