/** Small text formatting shared by the console renderers. */

export function fmtNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(3);
  return v.toFixed(4).replace(/\.?0+$/, '') || '0';
}

export function fmtDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
}

export function fmtMetrics(m: Record<string, number>, max = 6): string {
  const entries = Object.entries(m);
  const shown = entries.slice(0, max).map(([k, v]) => `${k} ${fmtNumber(v)}`);
  if (entries.length > max) shown.push(`+${entries.length - max} more`);
  return shown.join('  ');
}
