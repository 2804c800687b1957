/**
 * Extra plugin modules named on the command line (`--plugins ./my-plugins.js,some-package`):
 * loaded exactly like a `use` target, so a worker (or a submitter) can offer plugins that no
 * .pipe file names with `use`. Paths resolve from the current folder.
 */
import { UNKNOWN_RANGE, formatDiagnostic, type Diagnostic } from '../../dsl/diagnostics.js';
import type { PluginSource } from '../container.js';
import { loadUse } from '../loader.js';
import { QueueError } from './codes.js';

export async function loadPluginModules(spec: string | undefined, cwd = process.cwd()): Promise<PluginSource[]> {
  const targets = (spec ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const sources: PluginSource[] = [];
  for (const target of targets) {
    const diags: Diagnostic[] = [];
    const src = await loadUse({ kind: 'use', target, range: UNKNOWN_RANGE }, cwd, '--plugins', diags);
    const errs = diags.filter((d) => d.severity === 'error');
    if (errs.length || !src) throw new QueueError(errs.map((d) => formatDiagnostic(d).replace(/^--plugins:\d+:\d+: /, '--plugins: ')).join('; ') || `--plugins: '${target}' exports no plugin`, 'usage');
    sources.push(src);
  }
  return sources;
}
