/** `data bif { file: "asia.bif" }` → BayesNet: a discrete Bayesian network read from a BIF file. */
import { readFile } from 'node:fs/promises';
import { DiagnosticError } from '../../dsl/diagnostics.js';
import { definePlugin } from '../../kernel/plugin.js';
import { checkBif, parameterCount, type BayesNet } from '../../lib/bayesnet/index.js';

export interface BifConfig {
  file: string;
  sum_tolerance: number;
  normalize: boolean;
}

/** A broken file can yield thousands of diagnostics; the first few say what is wrong. */
const MAX_DIAGNOSTICS = 20;

export const bifPlugin = definePlugin<BifConfig, BayesNet>({
  id: 'data/bif',
  version: '1.0.0',
  kind: 'data',
  description: 'A discrete Bayesian network from a BIF (Bayesian Interchange Format) file',
  configSchema: {
    type: 'object',
    properties: {
      file: { type: 'string', minLength: 1 },
      sum_tolerance: { type: 'number', exclusiveMinimum: 0, default: 1e-5 },
      normalize: { type: 'boolean', default: true },
    },
    required: ['file'],
    additionalProperties: false,
  },
  inputs: {},
  output: 'BayesNet',
  // Parsing is fast (pathfinder's 1.6 MB in well under a second) and the cache key would not
  // see edits to the file, so this stage always re-reads it.
  cache: false,
  async run(ctx, _inputs, c) {
    let text: string;
    try {
      text = await readFile(ctx.resolvePath(c.file), 'utf8');
    } catch (e) {
      return ctx.configError(['file'], `cannot read '${c.file}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const { net, diagnostics } = checkBif(text, c.file, { sumTolerance: c.sum_tolerance, normalize: c.normalize });
    if (!net) {
      if (diagnostics.length > MAX_DIAGNOSTICS) ctx.warn(`${c.file}: ${diagnostics.length} problems, showing the first ${MAX_DIAGNOSTICS}`);
      throw new DiagnosticError(diagnostics.slice(0, MAX_DIAGNOSTICS));
    }
    const arcs = net.variables.reduce((n, v) => n + v.parents.length, 0);
    const parameters = parameterCount(net);
    ctx.log(`${c.file}: network '${net.name}', ${net.variables.length} variables, ${arcs} arcs, ${parameters} parameters`);
    ctx.metric('variables', net.variables.length);
    ctx.metric('parameters', parameters);
    return { output: net, result: { name: net.name, variables: net.variables.length, arcs, parameters } };
  },
  docs: 'Reads BIF 0.15 files (bnlearn repository style): `variable` blocks with discrete states, `probability` blocks with `(parent states) p...;` rows, `table` and `default` entries, and `property` lines. Checks that rows sum to 1 (within `sum_tolerance`), that sizes match the parents, that every name is known and that the graph is acyclic; each problem is reported with FILE:LINE:COL. Rows within tolerance are rescaled to sum to 1 exactly unless `normalize: false`. See docs/techniques/yodo.md.',
});
