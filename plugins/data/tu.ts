/**
 * `data tu { name: MUTAG, root: "../../shared/data/tu", folds: 10 }` → Dataset.graph: a TU
 * Dortmund graph-classification set, node labels one-hot (degree one-hot when the set has no
 * labels), with stratified k-fold assignments seeded from the pipeline seed. A missing folder
 * or file points at the option; a bad data file is reported at its own FILE:LINE:COL.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { didYouMean } from '../../dsl/diagnostics.js';
import { definePlugin, type PluginContext } from '../../kernel/plugin.js';
import { graphClassCounts, MissingNodeLabelsError, readTuDataset, TuMissingError, type FeatureChoice, type GraphDataset } from '../../lib/graph/index.js';
import { checkFoldCount, pipelineFolds } from '../graph/common.js';

export interface TuConfig {
  name: string;
  root: string;
  folds: number;
  features: FeatureChoice;
  attributes: boolean;
}

async function subfolders(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return [];
  }
}

async function load(ctx: PluginContext, c: TuConfig): Promise<GraphDataset> {
  const display = join(c.root, c.name);
  try {
    return await readTuDataset(ctx.resolvePath(display), c.name, { displayDir: display, features: c.features, attributes: c.attributes });
  } catch (e) {
    if (e instanceof MissingNodeLabelsError) ctx.configError(['features'], `${c.name} has no ${c.name}_node_labels.txt`, 'use features: degree (or auto)');
    if (!(e instanceof TuMissingError)) throw e;
    if (e.missing.length) {
      const which = e.missing.length === 1 ? e.missing[0] : e.missing.join(', ');
      return ctx.configError(e.missing.some((m) => m.endsWith('node_attributes.txt')) ? ['attributes'] : ['name'], `dataset folder ${display} is incomplete: ${which} missing`);
    }
    const sets = await subfolders(ctx.resolvePath(c.root));
    if (!sets.length) return ctx.configError(['root'], `no dataset folders under '${c.root}' (resolved to ${ctx.resolvePath(c.root)})`);
    const hint = didYouMean(c.name, sets) ?? `found: ${sets.join(', ')}`;
    return ctx.configError(['name'], `no dataset folder '${c.name}' in '${c.root}'`, hint);
  }
}

export const tuPlugin = definePlugin<TuConfig, GraphDataset>({
  id: 'data/tu',
  version: '1.0.0',
  kind: 'data',
  description: 'A TU Dortmund graph-classification set (MUTAG, PROTEINS, ...) with stratified k-fold assignments',
  configSchema: {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1, description: 'the set: a folder ROOT/NAME holding NAME_A.txt, NAME_graph_indicator.txt, ...' },
      root: { type: 'string', minLength: 1, default: '.', description: 'folder of the sets, relative to the .pipe file' },
      folds: { type: 'integer', minimum: 2, default: 10, description: 'stratified folds, seeded from the pipeline seed' },
      features: { enum: ['auto', 'labels', 'degree'], default: 'auto', description: 'node features: label one-hot, degree one-hot, or labels when present' },
      attributes: { type: 'boolean', default: false, description: 'append the continuous node attributes (NAME_node_attributes.txt)' },
    },
    required: ['name'],
    additionalProperties: false,
  },
  inputs: {},
  output: 'Dataset.graph',
  // Reading takes well under a second, and the cache key would not see edits to the files.
  cache: false,
  async run(ctx, _inputs, c) {
    const ds = await load(ctx, c);
    checkFoldCount(ctx, ds, c.folds, ['folds']);
    ds.folds = { k: c.folds, of: pipelineFolds(ds, c.folds, ctx.seed) };
    const counts = graphClassCounts(ds);
    const classes = Object.fromEntries(ds.classNames.map((n, i) => [n, counts[i]!]));
    const meanNodes = ds.numNodes / ds.numGraphs;
    ctx.log(
      `${ds.name}: ${ds.numGraphs} graphs (${Object.entries(classes).map(([n, k]) => `${n}: ${k}`).join(', ')}), ` +
        `${meanNodes.toFixed(1)} nodes and ${(ds.src.length / ds.numGraphs).toFixed(1)} directed edges per graph; features ${ds.features}; ${c.folds} folds`,
    );
    ctx.metric('graphs', ds.numGraphs);
    ctx.metric('nodes', ds.numNodes);
    ctx.metric('edges', ds.src.length);
    return {
      output: ds,
      result: { name: ds.name, graphs: ds.numGraphs, nodes: ds.numNodes, directedEdges: ds.src.length, classes, features: ds.features, folds: c.folds },
    };
  },
  docs: 'Reads the TU Dortmund text format (1-based ids). Missing folder/file → an error at name/root; malformed lines (TU002), an unsorted graph indicator (TU003), edges to nodes that do not exist (TU004) or across graphs (TU005), and line counts that disagree (TU006) → FILE:LINE:COL in the data file. See docs/plugins/data-tu.md.',
});
