/**
 * `data csv { file: "train.txt", columns: [r1, r2, r], target: last, splits: { extrapolation: "x.txt" } }`
 * → Dataset.table: numeric columns for regression. The training file is split into `train` and
 * a seeded `validation` hold-out; each entry of `splits` is another file with the same columns
 * (interpolation/extrapolation test sets, ...). Bad cells are reported with FILE:LINE:COL.
 */
import { readFile } from 'node:fs/promises';
import { definePlugin, type PluginContext } from '../../kernel/plugin.js';
import { parseCsv, type CsvTable } from '../../lib/data/csv.js';
import { inputRanges, splitRows, tableSplit, type TableDataset, type TableSplit } from '../../lib/symbolic/table.js';

export interface CsvConfig {
  file: string;
  columns?: string[];
  target: string;
  header: boolean;
  validation: number;
  splits: Record<string, string>;
}

const NAME = '^[A-Za-z_][A-Za-z0-9_]*$';

export const csvPlugin = definePlugin<CsvConfig, TableDataset>({
  id: 'data/csv',
  version: '1.0.0',
  kind: 'data',
  description: 'Numeric CSV files as a regression table: inputs, a target column, named test splits',
  configSchema: {
    type: 'object',
    properties: {
      file: { type: 'string', minLength: 1, description: 'training data; split into train and validation' },
      columns: { type: 'array', items: { type: 'string', pattern: NAME }, minItems: 2, uniqueItems: true, description: 'column names (default: the header, else x0, x1, ..., y)' },
      target: { type: 'string', default: 'last', description: "the target column's name, or last" },
      header: { type: 'boolean', default: false },
      validation: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.25, description: 'fraction of the training file held out for validation' },
      splits: { type: 'object', additionalProperties: { type: 'string', minLength: 1 }, propertyNames: { pattern: NAME, not: { enum: ['train', 'validation'] } }, default: {}, description: 'name → file of a test split' },
    },
    required: ['file'],
    additionalProperties: false,
  },
  inputs: {},
  output: 'Dataset.table',
  // Reading is fast and the cache key would not see edits to the files.
  cache: false,
  check(c) {
    if (c.columns && c.target !== 'last' && !c.columns.includes(c.target)) {
      return [{ path: ['target'], message: `target '${c.target}' is not one of the columns`, hint: `columns: ${c.columns.join(', ')}` }];
    }
    return [];
  },
  async run(ctx, _inputs, c) {
    const main = await load(ctx, c.file, ['file'], c.header);
    const width = main.columns.length;
    const names = c.columns ?? main.header ?? [...Array.from({ length: width - 1 }, (_, i) => `x${i}`), 'y'];
    if (names.length !== width) ctx.configError(c.columns ? ['columns'] : ['file'], `${names.length} column names for ${width} columns in '${c.file}'`);
    const targetIdx = c.target === 'last' ? width - 1 : names.indexOf(c.target);
    if (targetIdx < 0) ctx.configError(['target'], `target '${c.target}' is not a column`, `columns: ${names.join(', ')}`);
    const inputIdx = names.map((_, i) => i).filter((i) => i !== targetIdx);
    if (main.rows < 2) ctx.configError(['file'], `'${c.file}' has ${main.rows} row; at least 2 are needed to hold out validation data`);
    const { kept, held } = splitRows(main.rows, c.validation, ctx.rng);
    const splits: TableDataset['splits'] = {
      train: tableSplit(main.columns, inputIdx, targetIdx, kept),
      validation: tableSplit(main.columns, inputIdx, targetIdx, held),
    };
    for (const [name, file] of Object.entries(c.splits)) {
      const t = await load(ctx, file, ['splits', name], c.header);
      if (t.columns.length !== width) ctx.configError(['splits', name], `'${file}' has ${t.columns.length} columns, '${c.file}' has ${width}`);
      splits[name] = tableSplit(t.columns, inputIdx, targetIdx);
    }
    const inputs = inputIdx.map((i) => names[i]!);
    const ds: TableDataset = { kind: 'table', inputs, target: names[targetIdx]!, splits };
    const sizes = Object.entries(splits).map(([k, s]) => `${k} ${s.n}`);
    const ranges = inputRanges(splits.train, inputs.length).map(([a, b], j) => `${inputs[j]} ∈ [${fmt(a)}, ${fmt(b)}]`);
    ctx.log(`${c.file}: ${inputs.join(', ')} → ${ds.target}; ${sizes.join(', ')}; train ${ranges.join(', ')}`);
    for (const [k, s] of Object.entries(splits)) ctx.metric(`${k}_rows`, (s as TableSplit).n);
    return { output: ds, result: { inputs, target: ds.target, rows: Object.fromEntries(Object.entries(splits).map(([k, s]) => [k, s.n])) } };
  },
  docs: 'Reads comma-separated numbers (spaces around commas allowed, blank lines skipped, optional header). Every column but the target is an input. A row with a different number of fields (CSV001), a field that is not a number (CSV002) or a file without rows (CSV003) is reported as FILE:LINE:COL. See docs/techniques/symbolic-regression.md.',
});

async function load(ctx: PluginContext, file: string, path: (string | number)[], header: boolean): Promise<CsvTable> {
  let text: string;
  try {
    text = await readFile(ctx.resolvePath(file), 'utf8');
  } catch (e) {
    return ctx.configError(path, `cannot read '${file}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseCsv(text, file, { header });
}

function fmt(v: number): string {
  return Number(v.toPrecision(4)).toString();
}
