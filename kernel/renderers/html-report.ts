/**
 * The HTML report of a run: one self-contained file (inline SVG, no scripts, no CDN — it must open
 * offline) with the run's status, every stage's final metrics, each recorded metric series as a
 * chart, the figures plugins added, and — for sweeps — each final metric against each swept value.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { lineChart, escapeXml } from '../../lib/plot/index.js';
import type { RunResult, StageOutcome } from '../runner.js';
import type { UnitSummary } from '../events.js';
import { fmtDuration, fmtNumber } from './format.js';

const CSS = `body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
h1{font-size:20px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}h3{font-size:14px;margin:18px 0 6px}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left}
.ok{color:#2a7d2a}.error{color:#b00}.cancelled,.skipped{color:#a60}.cached{color:#267}
.charts{display:flex;flex-wrap:wrap;gap:12px}pre{background:#f6f6f6;padding:8px;overflow:auto;font-size:12px;max-height:300px}`;

export function renderHtmlReport(file: string, r: RunResult): string {
  const out: string[] = [`<!doctype html><html><head><meta charset="utf-8"><title>pipewright — ${escapeXml(file)}</title><style>${CSS}</style></head><body>`];
  out.push(`<h1>${escapeXml(file)} <span class="${r.status}">${r.status}</span></h1>`);
  out.push(`<p>run ${escapeXml(r.runId)} · ${r.units.length} unit(s) · ${fmtDuration(r.durationMs)}</p>`);
  out.push(sweepSection(r.units));
  for (const u of r.units) {
    out.push(`<h2>${escapeXml(u.id)} <span class="${u.status}">${u.status}</span></h2>`);
    const recs = r.records.get(u.id) ?? new Map<string, StageOutcome>();
    for (const [name, o] of recs) out.push(stageSection(name, o));
  }
  out.push('</body></html>');
  return out.join('\n');
}

function stageSection(name: string, o: StageOutcome): string {
  const s = o.summary;
  const parts = [`<h3>${escapeXml(name)} <small>(${escapeXml(s.plugin)})</small> <span class="${s.status}">${s.status}</span> ${s.durationMs ? fmtDuration(s.durationMs) : ''}</h3>`];
  if (s.error) parts.push(`<p class="error">${escapeXml(s.error.code)}: ${escapeXml(s.error.message)}${s.error.location ? ` (${escapeXml(s.error.location)})` : ''}</p>`);
  const metrics = Object.entries(s.metrics);
  if (metrics.length) parts.push(`<table><tr>${metrics.map(([k]) => `<th>${escapeXml(k)}</th>`).join('')}</tr><tr>${metrics.map(([, v]) => `<td>${fmtNumber(v)}</td>`).join('')}</tr></table>`);
  const charts = Object.entries(o.record.series)
    .filter(([, pts]) => pts.length > 1)
    .map(([k, pts]) => lineChart([{ name: k, x: pts.map((p) => p.step), y: pts.map((p) => p.value) }], { title: k, xLabel: o.record.axes?.[k] ?? 'step', width: 420, height: 240 }));
  for (const f of o.record.figures) charts.push(`<figure>${f.svg}<figcaption>${escapeXml(f.title)}</figcaption></figure>`);
  if (charts.length) parts.push(`<div class="charts">${charts.join('')}</div>`);
  if (s.result !== undefined) {
    const text = JSON.stringify(s.result, null, 1);
    parts.push(`<details><summary>result</summary><pre>${escapeXml(text.length > 20000 ? `${text.slice(0, 20000)}\n…` : text)}</pre></details>`);
  }
  return parts.join('\n');
}

/** For sweeps: each numeric swept variable on x, each final metric of each stage on y. */
function sweepSection(units: UnitSummary[]): string {
  if (units.length < 2) return '';
  const axes = [...new Set(units.flatMap((u) => Object.keys(u.params)))].filter((a) => units.every((u) => typeof u.params[a] === 'number'));
  const charts: string[] = [];
  for (const axis of axes) {
    const metricNames = new Set<string>();
    for (const u of units) for (const [st, s] of Object.entries(u.stages)) for (const m of Object.keys(s.metrics)) metricNames.add(`${st}.${m}`);
    for (const mk of metricNames) {
      if (charts.length >= 16) break;
      const [st, m] = [mk.slice(0, mk.indexOf('.')), mk.slice(mk.indexOf('.') + 1)];
      const pts = units
        .map((u) => [u.params[axis] as number, u.stages[st]?.metrics[m]] as const)
        .filter((p): p is readonly [number, number] => p[1] !== undefined)
        .sort((a, b) => a[0] - b[0]);
      // A metric the sweep does not move (a parameter count, say) makes a flat, useless chart.
      const varies = pts.some((p) => p[1] !== pts[0]![1]);
      if (pts.length > 1 && varies) charts.push(lineChart([{ name: mk, x: pts.map((p) => p[0]), y: pts.map((p) => p[1]) }], { title: `${mk} vs ${axis}`, xLabel: axis, width: 420, height: 240 }));
    }
  }
  return charts.length ? `<h2>Sweep</h2><div class="charts">${charts.join('')}</div>` : '';
}

/** Written through a temp file and a rename, so a report is never half-written. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}
