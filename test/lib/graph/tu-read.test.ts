/** The TU Dortmund loader on a hand-written folder: contents, features, and every bad input. */
import { join } from 'node:path';
import { DiagnosticError } from '../../../dsl/diagnostics.js';
import { checkGraphDataset, readTuDataset, TU_CODES, TuMissingError } from '../../../lib/graph/index.js';
import { tuFiles, writeTu, type TuFolder } from './tu-fixture.js';

const folders: TuFolder[] = [];
afterAll(() => folders.forEach((f) => f.cleanup()));

function folder(files: Record<string, string[] | null> = tuFiles(), name = 'TOY'): TuFolder {
  const f = writeTu(name, files);
  folders.push(f);
  return f;
}

/** The diagnostics a read throws (fails the test when it does not throw one). */
async function diagnostics(files: Record<string, string[] | null>) {
  const f = folder(files);
  const err = await readTuDataset(f.dir, 'TOY', { displayDir: 'data/TOY' }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DiagnosticError);
  return (err as DiagnosticError).diagnostics;
}

test('reads graphs, labels, edges and one-hot node labels', async () => {
  const ds = await readTuDataset(folder().dir, 'TOY');
  checkGraphDataset(ds);
  expect([ds.numGraphs, ds.numNodes, ds.src.length]).toEqual([3, 9, 14]);
  expect(Array.from(ds.nodeStart)).toEqual([0, 3, 5, 9]);
  expect(Array.from(ds.edgeStart)).toEqual([0, 6, 8, 14]);
  // Classes in the order of the sorted label values: -1 → 0, 1 → 1.
  expect(ds.classNames).toEqual(['-1', '1']);
  expect(Array.from(ds.y)).toEqual([1, 0, 1]);
  // Node labels 0, 2, 5 → columns 0, 1, 2.
  expect(ds.featureDim).toBe(3);
  expect(Array.from(ds.x.subarray(0, 6))).toEqual([1, 0, 0, 0, 1, 0]);
  expect(Array.from(ds.x.subarray(9, 12))).toEqual([0, 0, 1]);
  // Ids become 0-based; the path 4-5 is nodes 3 and 4, both directions.
  expect([Array.from(ds.src.subarray(6, 8)), Array.from(ds.dst.subarray(6, 8))]).toEqual([[3, 4], [4, 3]]);
  expect(ds.edgeLabel?.length).toBe(14);
});

test('edges listed out of graph order are grouped by graph, keeping their file order', async () => {
  const files = tuFiles();
  files.A = [...files.A.slice(8), ...files.A.slice(0, 8)];
  const ds = await readTuDataset(folder({ ...files, edge_labels: null }).dir, 'TOY');
  expect(Array.from(ds.edgeStart)).toEqual([0, 6, 8, 14]);
  expect(Array.from(ds.src.subarray(0, 2))).toEqual([0, 1]);
  checkGraphDataset(ds);
});

test('degree one-hot without node labels, and attributes appended on request', async () => {
  const noLabels = { ...tuFiles(), node_labels: null };
  const ds = await readTuDataset(folder(noLabels).dir, 'TOY', { attributes: true });
  // Degrees: triangle 2,2,2; path 1,1; star 3,1,1,1 → distinct {1, 2, 3} + 1 attribute column.
  expect(ds.featureDim).toBe(4);
  expect(ds.features).toBe('degree one-hot (3) + attributes (1)');
  expect(Array.from(ds.x.subarray(0, 4))).toEqual([0, 1, 0, 0.5]);
  expect(Array.from(ds.x.subarray(5 * 4, 6 * 4))).toEqual([0, 0, 1, 0]);
  const forced = await readTuDataset(folder().dir, 'TOY', { features: 'degree' });
  expect(forced.featureDim).toBe(3);
});

test('a missing folder or file names what is missing', async () => {
  const gone = await readTuDataset('/nonexistent/TOY', 'TOY').catch((e: unknown) => e);
  expect(gone).toBeInstanceOf(TuMissingError);
  expect((gone as TuMissingError).missing).toEqual([]);
  const partial = await readTuDataset(folder({ ...tuFiles(), graph_labels: null }).dir, 'TOY').catch((e: unknown) => e);
  expect((partial as TuMissingError).missing).toEqual(['TOY_graph_labels.txt']);
  expect((partial as Error).message).toContain('TOY_graph_labels.txt');
  const attrs = await readTuDataset(folder({ ...tuFiles(), node_attributes: null }).dir, 'TOY', { attributes: true }).catch((e: unknown) => e);
  expect((attrs as TuMissingError).missing).toEqual(['TOY_node_attributes.txt']);
});

test('an unsorted graph indicator points at the first node out of order', async () => {
  const files = tuFiles();
  files.graph_indicator = ['1', '1', '2', '1', '2', '3', '3', '3', '3'];
  const [d, ...rest] = await diagnostics(files);
  expect(rest).toEqual([]);
  expect(d!.code).toBe(TU_CODES.unsorted);
  expect(d!.file).toBe(join('data/TOY', 'TOY_graph_indicator.txt'));
  expect([d!.range.start.line, d!.range.start.column]).toEqual([4, 1]);
  expect(d!.message).toContain('node 4 is in graph 1');
});

test('graph ids that skip a graph, or start above 1, are errors', async () => {
  const skip = tuFiles();
  skip.graph_indicator = ['1', '1', '1', '3', '3', '3', '3', '3', '3'];
  const [d] = await diagnostics(skip);
  expect([d!.code, d!.range.start.line]).toEqual([TU_CODES.unsorted, 4]);
  expect(d!.message).toContain('graph 2 would have no nodes');
  const late = tuFiles();
  late.graph_indicator = late.graph_indicator!.map((g) => String(Number(g) + 1));
  const [e] = await diagnostics(late);
  expect([e!.code, e!.range.start.line, e!.message]).toEqual([TU_CODES.unsorted, 1, 'the first graph id is 2; ids start at 1']);
});

test('edges to nodes that do not exist point at the node id; edges across graphs at the edge', async () => {
  const files = tuFiles();
  files.A[2] = '3, 10';
  files.A[5] = '0, 3';
  const ds = await diagnostics({ ...files, edge_labels: null });
  expect(ds.map((d) => [d.code, d.range.start.line, d.range.start.column])).toEqual([
    [TU_CODES.edgeRange, 3, 4],
    [TU_CODES.edgeRange, 6, 1],
  ]);
  expect(ds[0]!.message).toContain('node 10 does not exist: node ids run from 1 to 9');
  const across = tuFiles();
  across.A[0] = '1, 4';
  const [d] = await diagnostics({ ...across, edge_labels: null });
  expect([d!.code, d!.range.start.line]).toEqual([TU_CODES.edgeAcross, 1]);
  expect(d!.message).toContain('joins graph 1 to graph 2');
});

test('files whose line counts disagree, and malformed lines, are reported at the line', async () => {
  const labels = { ...tuFiles(), graph_labels: ['1', '-1'] };
  const [d] = await diagnostics(labels);
  expect([d!.code, d!.file, d!.range.start.line]).toEqual([TU_CODES.count, join('data/TOY', 'TOY_graph_labels.txt'), 2]);
  expect(d!.message).toContain('2 lines, but there are 3 graphs');
  const nodeLabels = { ...tuFiles(), node_labels: [...tuFiles().node_labels!, '1'] };
  const [e] = await diagnostics(nodeLabels);
  expect([e!.code, e!.range.start.line]).toEqual([TU_CODES.count, 10]);
  const syntax = tuFiles();
  syntax.A[3] = '3, x';
  syntax.A[4] = '3';
  const found = await diagnostics(syntax);
  expect(found.map((x) => [x.code, x.range.start.line, x.range.start.column])).toEqual([
    [TU_CODES.syntax, 4, 4],
    [TU_CODES.syntax, 5, 1],
  ]);
  expect(found[0]!.message).toBe("'x' is not an integer");
  const blank = tuFiles();
  blank.graph_labels = ['1', '', '1'];
  const [b] = await diagnostics(blank);
  expect([b!.code, b!.range.start.line]).toEqual([TU_CODES.syntax, 2]);
});
