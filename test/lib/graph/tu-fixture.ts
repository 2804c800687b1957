/**
 * A tiny hand-written TU Dortmund folder, written into a temp dir per test run:
 *   graph 1: triangle 1-2-3 (class 1);  graph 2: path 4-5 (class -1);  graph 3: star 6-(7,8,9) (class 1)
 * Node labels 0/2/5 (three distinct values), one attribute column, edge labels.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const undirected = (pairs: [number, number][]) => pairs.flatMap(([a, b]) => [`${a}, ${b}`, `${b}, ${a}`]);

/** The files of the good fixture, as lines; tests edit copies to make bad ones. */
export function tuFiles(): Record<string, string[]> {
  const edges = undirected([
    [1, 2],
    [2, 3],
    [3, 1],
    [4, 5],
    [6, 7],
    [6, 8],
    [6, 9],
  ]);
  return {
    A: edges,
    graph_indicator: ['1', '1', '1', '2', '2', '3', '3', '3', '3'],
    graph_labels: ['1', '-1', '1'],
    node_labels: ['0', '2', '0', '5', '5', '2', '0', '0', '0'],
    node_attributes: ['0.5', '1.5', '-2', '3', '4e-1', '0', '1', '2', '3'],
    edge_labels: edges.map((_, i) => String(i % 2)),
  };
}

export interface TuFolder {
  root: string;
  dir: string;
  cleanup(): void;
}

/** Writes `files` (part → lines; a part mapped to null is left out) as ROOT/NAME/NAME_part.txt. */
export function writeTu(name: string, files: Record<string, string[] | null>): TuFolder {
  const root = mkdtempSync(join(tmpdir(), 'pw-tu-'));
  const dir = join(root, name);
  mkdirSync(dir);
  for (const [part, lines] of Object.entries(files)) {
    if (lines) writeFileSync(join(dir, `${name}_${part}.txt`), lines.join('\n') + '\n');
  }
  return { root, dir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** TU files for a list of undirected graphs (0-based node pairs), every node labelled 0. */
export function tuFilesOf(graphs: { n: number; edges: [number, number][]; label: number }[]): Record<string, string[]> {
  const files: Record<string, string[]> = { A: [], graph_indicator: [], graph_labels: [], node_labels: [] };
  let base = 1;
  graphs.forEach((g, i) => {
    for (const [a, b] of g.edges) files.A!.push(`${base + a}, ${base + b}`, `${base + b}, ${base + a}`);
    for (let v = 0; v < g.n; v++) files.graph_indicator!.push(String(i + 1)), files.node_labels!.push('0');
    files.graph_labels!.push(String(g.label));
    base += g.n;
  });
  return files;
}
